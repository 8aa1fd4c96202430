using AgentChat.Leases;

namespace AgentChat.Tests.Leases;

/// <summary>The overlap check: exact for *, ?, ** and literals, conservative (overlapping) for what it does not read.</summary>
public sealed class LeaseGlobTests
{
    [Theory]
    [InlineData("src/a.cs", "src/a.cs", true)]
    [InlineData("src/a.cs", "src/b.cs", false)]
    [InlineData("src/*.cs", "src/a.cs", true)]
    [InlineData("src/*.cs", "src/a.md", false)]
    [InlineData("src/*.cs", "src/sub/a.cs", false)]
    [InlineData("src/**", "src/sub/deeper/a.cs", true)]
    [InlineData("src/**", "src", true)]
    [InlineData("src/**", "docs/a.md", false)]
    [InlineData("**", "anything/at/all", true)]
    [InlineData("**/*.md", "docs/leases.md", true)]
    [InlineData("**/*.md", "README.md", true)]
    [InlineData("**/*.md", "src/a.cs", false)]
    [InlineData("src/**/test/*.cs", "src/**/*.cs", true)]
    [InlineData("src/**/test/*.cs", "docs/**", false)]
    [InlineData("a/*/c", "a/b/*", true)]
    [InlineData("a/*/c", "a/b/d", false)]
    [InlineData("a?c", "abc", true)]
    [InlineData("a?c", "ac", false)]
    [InlineData("a?c", "a/c", false)]
    [InlineData("*.cs", "*.md", false)]
    [InlineData("a*", "*b", true)]
    [InlineData("a*x", "b*", false)]
    [InlineData("*a*", "*b*", true)]
    [InlineData("x*y*z", "xz", false)]
    [InlineData("x*y*z", "x?z", true)]
    [InlineData("x*y*z", "x?q", false)]
    [InlineData("SRC/A.cs", "src/a.cs", true)]
    [InlineData("src/[ab].cs", "src/c.cs", true)]
    [InlineData("src/{a,b}.cs", "src/zzz.md", true)]
    [InlineData("src/**/**/a", "src/a", true)]
    [InlineData("a/b/c", "a/b", false)]
    public void Two_patterns_overlap_when_some_path_matches_both(string a, string b, bool overlap)
    {
        var x = LeaseGlob.Normalize(a)!;
        var y = LeaseGlob.Normalize(b)!;
        Assert.Equal(overlap, LeaseGlob.Overlap(x, y));
        Assert.Equal(overlap, LeaseGlob.Overlap(y, x)); // symmetric
    }

    [Theory]
    [InlineData("./src//a.cs", "src/a.cs")]
    [InlineData("src/", "src/**")]
    [InlineData(" docs/*.md ", "docs/*.md")]
    [InlineData("src/./a", "src/a")]
    public void Patterns_are_normalized(string given, string expected) => Assert.Equal(expected, LeaseGlob.Normalize(given));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("/etc/passwd")]
    [InlineData("../outside")]
    [InlineData("a/../../b")]
    [InlineData("a\nb")]
    [InlineData(".")]
    [InlineData(null)]
    public void What_is_no_repository_relative_pattern_is_refused(string? given) => Assert.Null(LeaseGlob.Normalize(given));

    [Fact]
    public void Long_patterns_are_refused_and_the_worst_allowed_ones_stay_fast()
    {
        Assert.Null(LeaseGlob.Normalize(new string('a', LeaseGlob.MaxLength + 1)));
        var stars = LeaseGlob.Normalize(string.Concat(Enumerable.Repeat("*a", 120)) + "b")!;
        var other = LeaseGlob.Normalize(string.Concat(Enumerable.Repeat("a*", 120)) + "c")!;
        var deep = LeaseGlob.Normalize(string.Join('/', Enumerable.Repeat("**", 80)) + "/x")!;
        Assert.False(LeaseGlob.Overlap(stars, other));
        Assert.True(LeaseGlob.Overlap(deep, "a/b/c/x"));
        Assert.False(LeaseGlob.Overlap(deep, "a/b/c/y"));
        // A backtracking matcher would not come back from these (exponential); this one visits each pair of positions once.
    }

    [Theory]
    [InlineData("src/a.cs", "src/**", true)]
    [InlineData("src/a.cs", "src/*.md", false)]
    [InlineData("/abs/a.cs", "**", false)]
    public void A_plain_path_is_covered_by_the_patterns_it_falls_under(string path, string pattern, bool covered) =>
        Assert.Equal(covered, LeaseGlob.Covers(pattern, path));
}

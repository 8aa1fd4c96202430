using System.Text.Json;
using AgentChat.Attachments;

namespace AgentChat.Tests.Attachments;

/// <summary>A stranger's m.file content, read totally: each hostile field degrades that field, never the message or the reader.</summary>
public sealed class AttachmentParserTests
{
    private static AttachmentInfo? Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return AttachmentParser.TryParse(doc.RootElement.Clone());
    }

    private static string Q(string s) => "\"" + JsonEncodedText.Encode(s) + "\"";

    [Fact]
    public void A_well_formed_file_reads_as_sent()
    {
        var file = Parse("""{"msgtype":"m.image","body":"a caption","filename":"shot.png","url":"mxc://localhost/AbC_12-x","info":{"size":1234,"mimetype":"image/png"}}""");
        Assert.NotNull(file);
        Assert.Equal(("shot.png", 1234L, "image/png", "mxc://localhost/AbC_12-x", "m.image"), (file.Name, file.Size, file.Mimetype, file.Url, file.Msgtype));
    }

    [Theory]
    [InlineData("""{"msgtype":"m.file","body":"x.log","url":"mxc://s/m","info":"not an object"}""")]
    [InlineData("""{"msgtype":"m.file","body":"x.log","url":"mxc://s/m","info":{"size":-5,"mimetype":7}}""")]
    [InlineData("""{"msgtype":"m.file","body":"x.log","url":"mxc://s/m","info":{"size":"12","mimetype":"text/plain; evil=\"1\""}}""")]
    [InlineData("""{"msgtype":"m.file","body":"x.log","url":"mxc://s/m","info":{"size":1e300,"mimetype":"no-slash"}}""")]
    [InlineData("""{"msgtype":"m.file","body":"x.log","url":"mxc://s/m","info":{"size":99999999999999999999}}""")]
    public void Wrong_typed_or_absurd_info_is_unknown_not_an_error(string json)
    {
        var file = Parse(json)!;
        Assert.Equal("x.log", file.Name);
        Assert.Null(file.Size);
        Assert.Null(file.Mimetype);
        Assert.Equal("mxc://s/m", file.Url);
    }

    [Theory]
    [InlineData("https://evil.example/x")]
    [InlineData("mxc://s/../../etc")]
    [InlineData("mxc://s/")]
    [InlineData("mxc:///media")]
    [InlineData("mxc://s/m?x=1")]
    [InlineData("mxc://ev il/m")]
    public void Urls_other_than_a_plain_mxc_uri_are_dropped(string url)
    {
        var file = Parse($$"""{"msgtype":"m.file","body":"x","url":{{Q(url)}}}""")!;
        Assert.Null(file.Url);
    }

    [Theory]
    [InlineData("../../.bashrc", "bashrc")]
    [InlineData("/etc/passwd", "passwd")]
    [InlineData("C:\\Windows\\evil.exe", "evil.exe")]
    [InlineData("..", "attachment")]
    [InlineData("", "attachment")]
    [InlineData("red\u001b[31m\nline.txt", "red_[31m_line.txt")]
    [InlineData("doc\u202Etxt.exe", "doc_txt.exe")]
    [InlineData("a:b*c?.txt", "a_b_c_.txt")]
    public void Names_become_one_harmless_path_component(string name, string expected)
    {
        var file = Parse($$"""{"msgtype":"m.file","filename":{{Q(name)}},"body":"caption","url":"mxc://s/m"}""")!;
        Assert.Equal(expected, file.Name);
    }

    [Fact]
    public void A_huge_name_is_cut_keeping_its_extension()
    {
        var file = Parse($$"""{"msgtype":"m.file","body":"{{new string('n', 100_000)}}.tar.gz","url":"mxc://s/m"}""")!;
        Assert.Equal(FileNames.MaxLength, file.Name.Length);
        Assert.EndsWith(".gz", file.Name, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"msgtype":"m.text","body":"x"}""")]
    [InlineData("""{"msgtype":7,"body":"x"}""")]
    [InlineData("""{"body":"x","url":"mxc://s/m"}""")]
    [InlineData("""[1,2]""")]
    public void What_is_no_file_gives_null(string json) => Assert.Null(Parse(json));

    [Fact]
    public void A_file_without_name_or_url_is_still_listed()
    {
        var file = Parse("""{"msgtype":"m.file","filename":["x"],"body":{"a":1},"url":12}""")!;
        Assert.Equal("attachment", file.Name);
        Assert.Null(file.Url);
    }
}

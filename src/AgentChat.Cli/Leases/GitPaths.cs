namespace AgentChat.Cli.Leases;

/// <summary>Paths as leases name them: relative to the repository root. An absolute path inside a git work tree is made so.</summary>
internal static class GitPaths
{
    public static async Task<IReadOnlyList<string>> RelativeAsync(IReadOnlyList<string> paths, CancellationToken ct)
    {
        var result = new List<string>(paths.Count);
        foreach (var p in paths)
        {
            if (!Path.IsPathRooted(p))
            {
                result.Add(p);
                continue;
            }
            var full = Path.GetFullPath(p);
            var dir = Directory.Exists(full) ? full : Path.GetDirectoryName(full) ?? "/";
            string? top = null;
            try
            {
                top = (await Git.RunAsync(dir, ["rev-parse", "--show-toplevel"], ct)).Trim();
            }
            catch (UsageException)
            {
                // not in a work tree: left as given, and refused as no repository-relative path
            }
            result.Add(top is { Length: > 0 } && full.StartsWith(top + "/", StringComparison.Ordinal) ? Path.GetRelativePath(top, full) : p);
        }
        return result;
    }

    /// <summary>The paths a commit would touch: staged additions, changes and deletions (renames as both names).</summary>
    public static async Task<IReadOnlyList<string>> StagedAsync(string? repo, CancellationToken ct)
    {
        var output = await Git.RunAsync(repo, ["diff", "--cached", "--name-only", "--no-renames", "-z"], ct);
        return output.Split('\0', StringSplitOptions.RemoveEmptyEntries);
    }
}

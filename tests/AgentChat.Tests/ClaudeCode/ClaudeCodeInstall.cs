namespace AgentChat.Tests.ClaudeCode;

/// <summary>
/// The real Claude Code these tests drive: the pinned release <c>scripts/test.sh</c> installs into the cache, or the
/// executable AGENTCHAT_CLAUDE names. Missing, it fails every test here with the command that installs it.
/// </summary>
internal static class ClaudeCodeInstall
{
    /// <summary>The release proven; change it here and in <c>scripts/test.sh</c> to prove another (docs/claude-code.md).</summary>
    public const string Version = "2.1.197";

    public const string CacheDir = "/var/cache/agentchat/claude-code";

    public static string Executable =>
        (Environment.GetEnvironmentVariable("AGENTCHAT_CLAUDE") is { Length: > 0 } set ? set
            : Path.Combine(CacheDir, "node_modules", ".bin", "claude")) is var path && File.Exists(path) ? path
        : throw new InvalidOperationException(
            $"Claude Code is not installed ({path} is missing): run `npm install --prefix {CacheDir} @anthropic-ai/claude-code@{Version}` " +
            "(scripts/test.sh does it), or set AGENTCHAT_CLAUDE to a claude executable");

    public static string Tmux =>
        new[] { "/usr/bin/tmux", "/usr/local/bin/tmux" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("tmux is missing (interactive Claude Code sessions run under it): run `apt-get install -y tmux` (scripts/test.sh does it)");
}

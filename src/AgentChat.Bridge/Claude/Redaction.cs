using System.Text.RegularExpressions;

namespace AgentChat.Bridge.Claude;

/// <summary>
/// Text from Claude Code (an API error, stderr) made fit for a room or a log: one line, bounded, and anything that
/// looks like a key or a bearer token replaced.
/// </summary>
internal static partial class Redaction
{
    public static string OneLine(string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) return "";
        var line = WhiteSpace().Replace(text, " ").Trim();
        line = Secret().Replace(line, "[redacted]");
        return line.Length <= max ? line : line[..max] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"(sk-ant-[A-Za-z0-9_\-]+|(?i:bearer)\s+[A-Za-z0-9._~+/=\-]{8,}|syt_[A-Za-z0-9_\-]+|(?i:(api[_-]?key|token|secret|password)[""']?\s*[:=]\s*[""']?)[^\s""',}]+)")]
    private static partial Regex Secret();
}

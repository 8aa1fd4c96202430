using AgentChat.Matrix;

namespace AgentChat.Configuration;

/// <summary>A resolved setting and where it came from.</summary>
public readonly record struct Setting(string? Value, SettingSource Source)
{
    public bool HasValue => !string.IsNullOrEmpty(Value);

    /// <summary>Never the value: a setting does not know whether it holds a secret (the access token does).</summary>
    public override string ToString() => $"{(HasValue ? Redacted.Text : "not set")} ({Source})";
}

namespace AgentChat.Configuration;

/// <summary>A resolved setting and where it came from.</summary>
public readonly record struct Setting(string? Value, SettingSource Source)
{
    public bool HasValue => !string.IsNullOrEmpty(Value);
}

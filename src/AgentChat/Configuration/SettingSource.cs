namespace AgentChat.Configuration;

/// <summary>Where a setting's value came from, so <c>cchat status</c> can say it without showing the value.</summary>
public enum SettingSource
{
    Default,
    ConfigFile,
    Environment,
    Flag,
}

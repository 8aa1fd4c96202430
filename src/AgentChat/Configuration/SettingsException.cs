namespace AgentChat.Configuration;

/// <summary>A missing or malformed setting; the message says what to set.</summary>
public sealed class SettingsException(string message) : Exception(message);

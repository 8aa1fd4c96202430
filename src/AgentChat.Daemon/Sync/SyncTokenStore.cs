using System.Text;
using AgentChat.Configuration;

namespace AgentChat.Daemon.Sync;

/// <summary>The last /sync <c>next_batch</c>, on disk, so a restarted daemon resumes where it stopped.</summary>
internal sealed class SyncTokenStore(string stateDir)
{
    private string PathName => System.IO.Path.Combine(stateDir, "sync-token");

    public string? Load() => File.Exists(PathName) ? File.ReadAllText(PathName).Trim() is { Length: > 0 } t ? t : null : null;

    public void Save(string token) => PrivateFile.WriteAllBytes(PathName, Encoding.UTF8.GetBytes(token));
}

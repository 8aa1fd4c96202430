namespace AgentChat.Tests.Daemon;

/// <summary>A file where the outbox directory should be, so every write to it fails; disposing puts the directory back.</summary>
internal sealed class BrokenOutbox : IDisposable
{
    private readonly string _dir;

    public BrokenOutbox(string dir)
    {
        _dir = dir;
        Directory.Move(dir, dir + ".away");
        File.WriteAllText(dir, "not a directory");
    }

    public void Dispose()
    {
        File.Delete(_dir);
        Directory.Move(_dir + ".away", _dir);
    }
}

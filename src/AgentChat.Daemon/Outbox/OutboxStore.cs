using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Daemon.Outbox;

/// <summary>
/// The outbox on disk: one file per message, named by sequence, written and flushed before /send answers,
/// removed once the homeserver has the event. Undeliverable messages move to <c>failed/</c> for the operator,
/// where nothing is ever overwritten.
/// </summary>
internal sealed class OutboxStore
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private readonly string _dir;
    private readonly string _failedDir;
    private long _nextSeq;

    public OutboxStore(string stateDir)
    {
        _dir = Path.Combine(stateDir, "outbox");
        _failedDir = Path.Combine(_dir, "failed");
        PrivateFile.CreatePrivateDirectory(_dir);
        // failed/ counts too: a restart must not hand out a sequence whose record is kept there.
        var onDisk = Directory.GetFiles(_dir, "*.json").Concat(Directory.Exists(_failedDir) ? Directory.GetFiles(_failedDir, "*.json") : []);
        _nextSeq = onDisk.Select(SeqOf).DefaultIfEmpty(0).Max() + 1;
    }

    public long NextSeq() => Interlocked.Increment(ref _nextSeq) - 1;

    /// <summary>
    /// Writes the entry to a temporary file without flushing it. Throws at once when the outbox cannot take it
    /// (disk full, read-only, gone), before anything is sent; <see cref="OutboxFile.Commit"/> makes it durable.
    /// </summary>
    public OutboxFile Write(OutboxEntry entry)
    {
        var path = PathOf(entry.Seq);
        var tmp = Path.Combine(_dir, $".{entry.Seq:D12}.{Guid.NewGuid():N}.tmp");
        var stream = new FileStream(tmp, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        try
        {
            stream.Write(JsonSerializer.SerializeToUtf8Bytes(entry, OutboxJsonContext.Default.OutboxEntry));
            return new OutboxFile(stream, tmp, path);
        }
        catch
        {
            stream.Dispose();
            try
            {
                File.Delete(tmp);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // nothing to clean up in a broken directory
            }
            throw;
        }
    }

    public void Remove(OutboxEntry entry) => File.Delete(PathOf(entry.Seq));

    /// <summary>Keeps a refused message for the operator; an existing record of the same name stays as it is.</summary>
    public void MoveToFailed(OutboxEntry entry)
    {
        PrivateFile.CreatePrivateDirectory(_failedDir);
        var target = Path.Combine(_failedDir, $"{entry.Seq:D12}.json");
        if (File.Exists(target)) target = Path.Combine(_failedDir, $"{entry.Seq:D12}-{Guid.NewGuid().ToString("N")[..8]}.json");
        File.Move(PathOf(entry.Seq), target, overwrite: false);
    }

    /// <summary>Everything not yet delivered, oldest first: what a restarted daemon sends again. Unreadable files go to failed/.</summary>
    public IReadOnlyList<OutboxEntry> LoadPending()
    {
        var entries = new List<OutboxEntry>();
        foreach (var path in Directory.GetFiles(_dir, "*.json").OrderBy(SeqOf))
        {
            OutboxEntry? entry = null;
            try
            {
                entry = JsonSerializer.Deserialize(File.ReadAllBytes(path), OutboxJsonContext.Default.OutboxEntry);
            }
            catch (JsonException)
            {
            }
            if (entry is not null && entry.TxnId is not null && entry.Seq == SeqOf(path))
            {
                entries.Add(entry);
                continue;
            }
            PrivateFile.CreatePrivateDirectory(_failedDir);
            File.Move(path, Path.Combine(_failedDir, $"{Path.GetFileNameWithoutExtension(path)}-unreadable-{Guid.NewGuid().ToString("N")[..8]}.json"));
        }
        return entries;
    }

    private string PathOf(long seq) => Path.Combine(_dir, $"{seq:D12}.json");

    private static long SeqOf(string path) =>
        long.TryParse(Path.GetFileNameWithoutExtension(path).Split('-')[0], out var seq) ? seq : 0;
}

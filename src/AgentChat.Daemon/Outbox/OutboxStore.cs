using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Daemon.Outbox;

/// <summary>
/// The outbox on disk: one file per message, named by sequence, written and flushed before /send answers,
/// removed once the homeserver has the event. Undeliverable messages move to <c>failed/</c> for the operator.
/// </summary>
internal sealed class OutboxStore
{
    private readonly string _dir;
    private long _nextSeq;

    public OutboxStore(string stateDir)
    {
        _dir = Path.Combine(stateDir, "outbox");
        PrivateFile.CreatePrivateDirectory(_dir);
        _nextSeq = Directory.GetFiles(_dir, "*.json").Select(SeqOf).DefaultIfEmpty(0).Max() + 1;
    }

    public long NextSeq() => Interlocked.Increment(ref _nextSeq) - 1;

    public void Save(OutboxEntry entry) =>
        PrivateFile.WriteAllBytes(PathOf(entry.Seq), JsonSerializer.SerializeToUtf8Bytes(entry, OutboxJsonContext.Default.OutboxEntry));

    public void Remove(OutboxEntry entry) => File.Delete(PathOf(entry.Seq));

    public void MoveToFailed(OutboxEntry entry)
    {
        var failed = Path.Combine(_dir, "failed");
        Directory.CreateDirectory(failed);
        File.Move(PathOf(entry.Seq), Path.Combine(failed, Path.GetFileName(PathOf(entry.Seq))), overwrite: true);
    }

    /// <summary>Everything not yet delivered, oldest first: what a restarted daemon sends again.</summary>
    public IReadOnlyList<OutboxEntry> LoadPending() =>
        Directory.GetFiles(_dir, "*.json")
            .OrderBy(SeqOf)
            .Select(path => JsonSerializer.Deserialize(File.ReadAllBytes(path), OutboxJsonContext.Default.OutboxEntry))
            .OfType<OutboxEntry>()
            .ToList();

    private string PathOf(long seq) => Path.Combine(_dir, $"{seq:D12}.json");

    private static long SeqOf(string path) => long.TryParse(Path.GetFileNameWithoutExtension(path), out var seq) ? seq : 0;
}

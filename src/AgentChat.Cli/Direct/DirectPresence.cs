using System.Text.Json;
using AgentChat.Configuration;
using AgentChat.Registry;

namespace AgentChat.Cli.Direct;

/// <summary>
/// What a direct-mode session says of itself between CLI calls, kept in its state dir (0600): busy (until it
/// lapses), and the last message it consumed. Every refresh of its registry entry carries it. Nothing wakes a
/// session without a daemon, so its wakeable is always <c>none</c>. An unreadable file reads as nothing said.
/// </summary>
internal sealed class DirectPresence(string stateDirectory, TimeProvider time)
{
    // Not *.json: the CLI takes a lone JSON file in the state dir for a daemon's discovery file.
    private string FilePath => Path.Combine(stateDirectory, "presence.state");

    public SelfPresence Snapshot()
    {
        var saved = Load();
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var busy = PresenceRules.IsBusy(saved.Busy, saved.BusyUntil, now);
        return new SelfPresence(busy, busy ? PresenceRules.Clean(saved.On) : null, busy ? saved.BusyUntil : null, PresenceRules.None,
            PresenceRules.EventIdOrNull(saved.Cursor), saved.CursorAt);
    }

    public void SetBusy(bool busy, string? on)
    {
        var until = time.GetUtcNow() + PresenceRules.DefaultBusyExpiry;
        Save(Load() with { Busy = busy, On = busy ? PresenceRules.Clean(on) : null, BusyUntil = busy ? until.ToUnixTimeMilliseconds() : null });
    }

    /// <summary>Records <paramref name="eventId"/> as consumed now; false when it was already the last one.</summary>
    public bool Consumed(string eventId)
    {
        var saved = Load();
        if (saved.Cursor == eventId) return false;
        Save(saved with { Cursor = eventId, CursorAt = time.GetUtcNow().ToUnixTimeMilliseconds() });
        return true;
    }

    private Saved Load()
    {
        try
        {
            return JsonSerializer.Deserialize(File.ReadAllBytes(FilePath), DirectPresenceJsonContext.Default.Saved) ?? new Saved();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return new Saved();
        }
    }

    private void Save(Saved saved)
    {
        try
        {
            PrivateFile.CreatePrivateDirectory(stateDirectory);
            PrivateFile.WriteAllBytes(FilePath, JsonSerializer.SerializeToUtf8Bytes(saved, DirectPresenceJsonContext.Default.Saved));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // best effort: the entry is written from what is in memory now, and the next call tries again
        }
    }

    internal sealed record Saved
    {
        public bool Busy { get; init; }
        public string? On { get; init; }
        public long? BusyUntil { get; init; }
        public string? Cursor { get; init; }
        public long? CursorAt { get; init; }
    }
}

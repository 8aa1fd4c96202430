using System.Text.Json;
using AgentChat.Configuration;

namespace AgentChat.Bridge.Sessions;

/// <summary>
/// Which Claude Code session answers in which thread, so a follow-up resumes it (<c>--resume</c>). Kept in a 0600
/// file, written atomically on every change; bounded (the least recently used thread is forgotten first). A file
/// that cannot be read starts an empty map (a thread then starts a new session) and is said once by the caller.
/// Session ids are checked before use: one read from disk is passed to <c>claude</c> as an argument.
/// </summary>
internal sealed class SessionMap
{
    public const int DefaultCapacity = 10_000;

    private readonly Lock _lock = new();
    private readonly string _path;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, SessionEntry> _sessions;

    public SessionMap(string path, TimeProvider time, int capacity = DefaultCapacity)
    {
        _path = path;
        _time = time;
        _capacity = capacity;
        (_sessions, LoadProblem) = Load(path);
    }

    /// <summary>Why the file could not be read at start, or null.</summary>
    public string? LoadProblem { get; }

    public int Count { get { lock (_lock) return _sessions.Count; } }

    public string? Get(string thread)
    {
        lock (_lock) return _sessions.TryGetValue(thread, out var e) ? e.Session : null;
    }

    public void Set(string thread, string session)
    {
        if (!IsValidId(session)) return;
        lock (_lock)
        {
            _sessions[thread] = new SessionEntry(session, _time.GetUtcNow().ToUnixTimeMilliseconds());
            while (_sessions.Count > _capacity)
                _sessions.Remove(_sessions.MinBy(kv => kv.Value.At).Key);
            Save();
        }
    }

    public void Forget(string thread)
    {
        lock (_lock)
        {
            if (_sessions.Remove(thread)) Save();
        }
    }

    /// <summary>A session id Claude Code could have made: letters, digits, <c>-</c>, <c>_</c>; never an option (<c>-…</c>).</summary>
    public static bool IsValidId(string? id) =>
        id is { Length: > 0 and <= 100 } && char.IsAsciiLetterOrDigit(id[0]) && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private void Save() =>
        PrivateFile.WriteAllBytes(_path, JsonSerializer.SerializeToUtf8Bytes(new SessionFile(_sessions), BridgeJsonContext.Default.SessionFile));

    private static (Dictionary<string, SessionEntry>, string?) Load(string path)
    {
        var map = new Dictionary<string, SessionEntry>(StringComparer.Ordinal);
        if (!File.Exists(path)) return (map, null);
        try
        {
            var file = JsonSerializer.Deserialize(File.ReadAllBytes(path), BridgeJsonContext.Default.SessionFile);
            foreach (var (thread, entry) in file?.Sessions ?? [])
                if (entry is not null && IsValidId(entry.Session)) map[thread] = entry;
            return (map, null);
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            return (map, $"{path} could not be read ({e.GetType().Name}); threads start new sessions");
        }
    }
}

using System.Collections.Frozen;
using System.Collections.Immutable;
using AgentChat.Matrix;

namespace AgentChat.Registry;

/// <summary>
/// Who a sender is, from what the homeserver vouches for: the agent registry entry whose state key is the
/// sender (its instance name), and the room's humans setting. Immutable; a change makes a new one, sharing
/// all but the changed entry, so applying one registry event costs the same at 5 agents as at 500.
/// </summary>
public sealed class SenderDirectory
{
    public static readonly SenderDirectory Empty = new(ImmutableDictionary.Create<string, string>(StringComparer.Ordinal), FrozenSet<string>.Empty);

    private readonly ImmutableDictionary<string, string> _agents;
    private readonly FrozenSet<string> _humans;

    private SenderDirectory(ImmutableDictionary<string, string> agents, FrozenSet<string> humans)
    {
        _agents = agents;
        _humans = humans;
    }

    /// <summary>The instance name of the sender's registry entry; null when the sender has none.</summary>
    public string? InstanceOf(string sender) => _agents.GetValueOrDefault(sender);

    /// <summary>True when the sender has no agent entry, or the room lists it as a human.</summary>
    public bool IsHuman(string sender) => !_agents.ContainsKey(sender) || _humans.Contains(sender);

    public int AgentCount => _agents.Count;

    /// <summary>The agents' user ids (the humans setting's accounts left out).</summary>
    public IEnumerable<string> Agents => _agents.Keys.Where(k => !_humans.Contains(k));

    /// <summary>Every account with a trusted agent entry, and its instance name.</summary>
    public IEnumerable<KeyValuePair<string, string>> AgentInstances => _agents;

    /// <summary>Built from the shared room's state; <paramref name="forged"/> hears of each entry that was ignored.</summary>
    public static SenderDirectory FromState(IEnumerable<MatrixEvent> state, Action<MatrixEvent>? forged = null) =>
        Empty.With(state, forged);

    /// <summary>
    /// This directory after <paramref name="stateEvents"/> (newest last); other event types are passed over. A heartbeat
    /// that keeps its account's name changes nothing and returns this very directory: nothing is copied or rebuilt.
    /// </summary>
    public SenderDirectory With(IEnumerable<MatrixEvent> stateEvents, Action<MatrixEvent>? forged = null)
    {
        var agents = _agents;
        var humans = _humans;
        foreach (var e in stateEvents)
        {
            if (e.StateKey is null) continue;
            if (e.Type == InstanceEntry.EventType)
            {
                if (InstanceRegistry.Trusted(e, forged) is { } entry)
                {
                    if (!agents.TryGetValue(e.StateKey, out var held) || held != entry.Instance) agents = agents.SetItem(e.StateKey, entry.Instance);
                }
                else agents = agents.Remove(e.StateKey); // the account's entry is now this unreadable or forged content
            }
            else if (e.Type == HumansSetting.EventType && e.StateKey.Length == 0)
            {
                humans = HumansSetting.Read(e.Content).ToFrozenSet(StringComparer.Ordinal);
            }
        }
        return ReferenceEquals(agents, _agents) && ReferenceEquals(humans, _humans) ? this : new SenderDirectory(agents, humans);
    }

    /// <summary>Reads the shared room's state once: what a direct-mode read binds senders with.</summary>
    public static async Task<SenderDirectory> ReadAsync(MatrixClient client, RoomId sharedRoom, CancellationToken ct) =>
        FromState(await client.GetRoomStateAsync(sharedRoom, ct));
}

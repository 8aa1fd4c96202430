using AgentChat.Registry;

namespace AgentChat.Daemon.Registry;

/// <summary>The last registry read and any problem writing our own entry, for /who, /status and name lookups.</summary>
internal sealed class RegistryState
{
    private volatile IReadOnlyList<InstanceInfo> _instances = [];
    private volatile string? _problem;

    public IReadOnlyList<InstanceInfo> Instances { get => _instances; set => _instances = value; }

    public string? Problem { get => _problem; set => _problem = value; }
}

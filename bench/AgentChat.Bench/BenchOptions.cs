namespace AgentChat.Bench;

/// <summary>What run.sh hands the harness: the homeserver it started, the binary under test, and the run's size.</summary>
internal sealed class BenchOptions
{
    public required Uri Homeserver { get; init; }
    public required string Secret { get; init; }
    public required string ServerName { get; init; }
    public required string Cchat { get; init; }
    public required string WorkDir { get; init; }
    public int SynapsePid { get; init; }
    public string? SynapseDb { get; init; }
    public string NioScript { get; init; } = "bench/baselines/nio_send.py";
    public string Python { get; init; } = "/usr/bin/python3";
    public string? Out { get; init; }

    /// <summary>The KEY=VALUE file scripts/federation.sh printed, for the cross-server rows (0600: it holds the secrets).</summary>
    public string? PairEnv { get; init; }

    /// <summary>The KEY=VALUE file of a second Synapse on PostgreSQL (scripts/synapse.sh start --postgres), for row 1c.</summary>
    public string? PostgresSynapseEnv { get; init; }
    public bool Quick { get; init; }

    /// <summary>Corpus sizes of the search bench (<c>--search-sizes 15000,100000,1000000</c>).</summary>
    public IReadOnlyList<long> SearchSizes { get; init; } = [15_000, 100_000];
    public IReadOnlySet<string> Only { get; init; } = new HashSet<string>();

    /// <summary>Extra environment for every daemon (an experiment knob, e.g. DOTNET_GCgen0size=0x400000).</summary>
    public IReadOnlyDictionary<string, string> DaemonEnv { get; init; } = new Dictionary<string, string>();

    /// <summary>The fleet bench (<c>--only fleet</c>): its setups, its sizes, its idle window, and the PostgreSQL cluster
    /// (a scripts/postgres.sh directory) its pg and fedK setups make their databases in.</summary>
    public IReadOnlyList<string> FleetSetups { get; init; } = ["sqlite", "pg", "fed2", "fed4"];
    public IReadOnlyList<int> FleetN { get; init; } = [10, 50, 100, 200];
    public TimeSpan FleetIdle { get; init; } = TimeSpan.FromMinutes(2);
    public string? FleetPostgres { get; init; }

    /// <summary>Repetitions: the default run, or a short one with <c>--quick</c>.</summary>
    public int Reps(int full, int quick) => Quick ? quick : full;

    /// <summary>Everything in a full run, except what runs only when named (the fleet: ~10 minutes or more on its own).</summary>
    public bool Runs(string bench) => Only.Contains(bench) || (Only.Count == 0 && bench != "fleet");

    public static IReadOnlyList<long> ParseSizes(string? sizes) => sizes is null ? [15_000, 100_000]
        : sizes.Split(',').Select(v => long.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n is >= 1000 and <= 10_000_000
            ? n : throw new ArgumentException($"--search-sizes takes message counts from 1000 to 10000000, comma-separated, not '{v}'")).ToList();

    public static BenchOptions Parse(string[] args)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        var quick = false;
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--quick") { quick = true; continue; }
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            map[args[i][2..]] = args[++i];
        }
        string Need(string key) => map.TryGetValue(key, out var v) ? v : throw new ArgumentException($"--{key} is required");
        return new BenchOptions
        {
            Homeserver = new Uri(Need("homeserver")),
            Secret = map.GetValueOrDefault("secret") ?? Environment.GetEnvironmentVariable("AGENTCHAT_REGISTRATION_SECRET")
                     ?? throw new ArgumentException("the registration secret: --secret or AGENTCHAT_REGISTRATION_SECRET"),
            ServerName = Need("server-name"),
            Cchat = Path.GetFullPath(Need("cchat")),
            WorkDir = Path.GetFullPath(Need("work")),
            SynapsePid = map.TryGetValue("synapse-pid", out var pid) ? int.Parse(pid, System.Globalization.CultureInfo.InvariantCulture) : 0,
            SynapseDb = map.GetValueOrDefault("synapse-db"),
            NioScript = Path.GetFullPath(map.GetValueOrDefault("nio-script") ?? "bench/baselines/nio_send.py"),
            Python = map.GetValueOrDefault("python") ?? "/usr/bin/python3",
            Out = map.GetValueOrDefault("out"),
            PairEnv = map.GetValueOrDefault("pair-env"),
            PostgresSynapseEnv = map.GetValueOrDefault("pg-synapse-env"),
            Quick = quick,
            SearchSizes = ParseSizes(map.GetValueOrDefault("search-sizes")),
            DaemonEnv = map.TryGetValue("daemon-env", out var denv)
                ? denv.Split(',').Select(kv => kv.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "", StringComparer.Ordinal)
                : new Dictionary<string, string>(),
            FleetSetups = map.TryGetValue("fleet-setups", out var setups) ? FleetSetupList(setups) : ["sqlite", "pg", "fed2", "fed4"],
            FleetN = map.TryGetValue("fleet-n", out var sizes) ? sizes.Split(',').Select(x => int.Parse(x, System.Globalization.CultureInfo.InvariantCulture)).ToList() : [10, 50, 100, 200],
            FleetIdle = map.TryGetValue("fleet-idle", out var idle) ? TimeSpan.FromSeconds(int.Parse(idle, System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.FromMinutes(2),
            FleetPostgres = map.GetValueOrDefault("fleet-pg"),
            Only = map.TryGetValue("only", out var only) ? only.Split(',').ToHashSet(StringComparer.Ordinal) : new HashSet<string>(),
        };
    }

    private static List<string> FleetSetupList(string list)
    {
        var setups = list.Split(',').ToList();
        foreach (var s in setups)
            if (s is not ("sqlite" or "pg") && !(s.StartsWith("fed", StringComparison.Ordinal) && int.TryParse(s[3..], out var k) && k is >= 2 and <= 9))
                throw new ArgumentException($"unknown fleet setup '{s}' (sqlite, pg, fed2 … fed9)");
        return setups;
    }
}

using System.Globalization;

namespace AgentChat.Bench.Infra;

/// <summary>What the kernel says about a process: resident memory and CPU time.</summary>
internal static class ProcStat
{
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux x86-64

    /// <summary>VmRSS from /proc/&lt;pid&gt;/status, in MB.</summary>
    public static double RssMb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
            return kb / 1024.0;
        }
        return double.NaN;
    }

    /// <summary>utime + stime of a process, in seconds.</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is state (field 3); utime is field 14, stime field 15
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>
    /// CPU seconds of a server that forks a process per connection (PostgreSQL): <paramref name="leader"/> and its live
    /// children, plus the leader's children's time (what exited backends left when they were reaped).
    /// </summary>
    public static double SessionCpuSeconds(int leader)
    {
        double Field(string[] f, int i) => long.Parse(f[i], CultureInfo.InvariantCulture) / TicksPerSecond;
        string[] Fields(string dir) { var stat = File.ReadAllText(Path.Combine(dir, "stat")); return stat[(stat.LastIndexOf(')') + 2)..].Split(' '); }
        var leaderFields = Fields($"/proc/{leader}");
        var parent = leader.ToString(CultureInfo.InvariantCulture);
        var total = Field(leaderFields, 11) + Field(leaderFields, 12) + Field(leaderFields, 13) + Field(leaderFields, 14); // utime stime cutime cstime
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _)) continue;
            try
            {
                var f = Fields(dir);
                if (f[1] == parent) total += Field(f, 11) + Field(f, 12); // field 4: ppid
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // the process went away while we looked
            }
        }
        return total;
    }

    /// <summary>The Synapse python process: the one in the session that synapse.sh started.</summary>
    public static int? FindInSession(int sessionLeader, string commandContains)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[3], CultureInfo.InvariantCulture) != sessionLeader) continue; // field 6: session
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(commandContains, StringComparison.Ordinal) && !cmdline.StartsWith("unshare", StringComparison.Ordinal)
                    && !cmdline.StartsWith("sh ", StringComparison.Ordinal)) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // the process went away while we looked
            }
        }
        return null;
    }
}

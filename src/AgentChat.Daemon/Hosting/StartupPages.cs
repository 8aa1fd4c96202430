using System.Globalization;
using System.Runtime.InteropServices;

namespace AgentChat.Daemon.Hosting;

/// <summary>
/// Gives back the pages of the daemon's own executable that start-up read and an idle daemon no longer touches. The
/// AOT binary is ~36 MB of code and pre-built data; start-up (the host, DI, configuration) reads much of it, each fault
/// mapping 64 KB around it, and those clean file pages then count in the daemon's RSS until memory runs short.
/// <c>MADV_PAGEOUT</c> over the binary's mappings drops the ones only this process maps (the kernel leaves pages another
/// cchat maps alone); <c>MADV_RANDOM</c> then maps back only the page that faults, not its neighbours (measured: the data
/// an idle daemon maps again after a minute is ~2 MB with it, ~6 MB without; its code ~8 MB either way); and the file is
/// read back into the page cache, unmapped, so those faults are served from memory, not from disk. Written pages are
/// never dropped: with swap present the writable mapping is left alone, without it the kernel keeps them in place.
/// Linux only; any failure leaves memory as it was.
/// </summary>
internal static class StartupPages
{
    private const int MadvRandom = 1;
    private const int MadvPageout = 21; // Linux 5.4+; older kernels answer EINVAL, which changes nothing
    private const int FadvWillNeed = 3;

    /// <summary>The bytes of executable mappings advised; 0 when there was nothing to do or it failed.</summary>
    public static long PageOutExecutable()
    {
        try
        {
            if (!OperatingSystem.IsLinux() || new FileInfo("/proc/self/exe").LinkTarget is not { } exe) return 0;
            var swap = File.ReadLines("/proc/swaps").Skip(1).Any(l => !string.IsNullOrWhiteSpace(l));
            long advised = 0;
            foreach (var line in File.ReadLines("/proc/self/maps"))
            {
                if (RangeOf(line, exe) is not { } range || (range.Writable && swap)) continue;
                Madvise((nint)range.Start, (nuint)range.Length, MadvRandom);
                if (Madvise((nint)range.Start, (nuint)range.Length, MadvPageout) == 0) advised += (long)range.Length;
            }
            if (advised > 0) WarmPageCache(exe);
            return advised;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or EntryPointNotFoundException or DllNotFoundException)
        {
            return 0;
        }
    }

    /// <summary>
    /// A line of <c>/proc/self/maps</c> ("start-end perms offset dev inode path"): its range and whether it is
    /// writable, when it maps <paramref name="exe"/>; else null.
    /// </summary>
    internal static (ulong Start, ulong Length, bool Writable)? RangeOf(string line, string exe)
    {
        var fields = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 6 || fields[5].Trim() != exe || fields[1].Length < 4) return null;
        var dash = fields[0].IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0
            || !ulong.TryParse(fields[0].AsSpan(0, dash), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var start)
            || !ulong.TryParse(fields[0].AsSpan(dash + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var end)
            || end <= start) return null;
        return (start, end - start, fields[1][1] == 'w');
    }

    private static void WarmPageCache(string exe)
    {
        using var file = File.OpenHandle(exe);
        _ = PosixFadvise((int)file.DangerousGetHandle(), 0, 0, FadvWillNeed);
    }

    [DllImport("libc", EntryPoint = "madvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int Madvise(nint address, nuint length, int advice);

    [DllImport("libc", EntryPoint = "posix_fadvise")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int PosixFadvise(int fd, long offset, long length, int advice);
}

using System.Diagnostics;
using AgentChat.Configuration;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Cli;

/// <summary>A real `cchat daemon --port 0` process for a CLI test, stopped with SIGTERM.</summary>
internal sealed class CliDaemon : IAsyncDisposable
{
    private readonly Process _process;

    private CliDaemon(Process process, string discoveryPath, DiscoveryFile file)
    {
        _process = process;
        DiscoveryPath = discoveryPath;
        Token = file.Token;
    }

    public string DiscoveryPath { get; }

    public string Token { get; }

    public static async Task<CliDaemon> StartAsync(Cchat cchat, string instance)
    {
        var psi = new ProcessStartInfo(Cchat.Binary) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "daemon", "--port", "0" }) psi.ArgumentList.Add(arg);
        foreach (var (k, v) in cchat.Env)
        {
            if (v is null) psi.Environment.Remove(k);
            else psi.Environment[k] = v;
        }
        var process = Process.Start(psi)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var path = DiscoveryFile.PathFor(Path.Combine(cchat.Env["XDG_RUNTIME_DIR"]!, "agentchat"), instance);
        try
        {
            var file = await Eventually.WaitAsync(() => Task.FromResult(File.Exists(path) ? DiscoveryFile.TryRead(path) : null),
                TimeSpan.FromSeconds(60), $"the daemon writes {path}");
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.WaitAsync(async () =>
            {
                try
                {
                    return (await http.GetAsync(new Uri(new Uri(file.Gateway.TrimEnd('/') + "/"), "health"))).IsSuccessStatusCode ? file : null;
                }
                catch (HttpRequestException)
                {
                    return null;
                }
            }, TimeSpan.FromSeconds(60), "the daemon's gateway is healthy");
            return new CliDaemon(process, path, file);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    /// <summary>SIGKILL: a crash, with no chance to write the registry's offline or anything else.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(cts.Token);
    }

    public async Task StopAsync()
    {
        if (_process.HasExited) return;
        await ProcessRunner.RunAsync("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException("the daemon did not stop within 30 s of SIGTERM");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
            _process.Dispose();
        }
    }
}

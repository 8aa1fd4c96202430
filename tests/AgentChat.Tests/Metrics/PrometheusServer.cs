using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Metrics;

/// <summary>A real Prometheus (Debian's package) on loopback, scraping one target every second with a bearer token file.</summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dir;
    private readonly HttpClient _http;

    private PrometheusServer(Process process, string dir, Uri url)
    {
        _process = process;
        _dir = dir;
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Url { get; }

    public static PrometheusServer Start(Uri target, string tokenFile)
    {
        var dir = Directory.CreateTempSubdirectory("agentchat-prometheus-").FullName;
        File.WriteAllText(Path.Combine(dir, "prometheus.yml"), $"""
            global:
              scrape_interval: 1s
            scrape_configs:
              - job_name: agentchat-daemon
                authorization:
                  credentials_file: {tokenFile}
                static_configs:
                  - targets: ["{target.Authority}"]
            """);
        var port = FreePort();
        var psi = new ProcessStartInfo(Promtool.PrometheusPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     $"--config.file={Path.Combine(dir, "prometheus.yml")}", $"--storage.tsdb.path={Path.Combine(dir, "data")}",
                     $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn",
                 })
            psi.ArgumentList.Add(a);
        var process = Process.Start(psi) ?? throw new InvalidOperationException("cannot start prometheus");
        var log = Path.Combine(dir, "prometheus.log");
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (process) File.AppendAllText(log, e.Data + "\n"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (process) File.AppendAllText(log, e.Data + "\n"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new PrometheusServer(process, dir, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"));
    }

    public string Log => File.Exists(Path.Combine(_dir, "prometheus.log")) ? File.ReadAllText(Path.Combine(_dir, "prometheus.log")) : "(no output)";

    /// <summary>The instant query's result vector, as JSON text; throws when Prometheus answers with an error.</summary>
    public async Task<JsonElement> QueryAsync(string expr)
    {
        using var response = await _http.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expr));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"query {expr} answered {(int)response.StatusCode}: {text}");
        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("data").GetProperty("result").Clone();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        _process.Dispose();
        try { Directory.Delete(_dir, recursive: true); }
        catch (IOException) { /* prometheus may still be closing its files */ }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using AgentChat.Archive.Service;
using AgentChat.Bridge.Hosting;
using AgentChat.Configuration;
using AgentChat.Hosting.Gateway;
using AgentChat.Daemon;
using AgentChat.Daemon.Hosting;
using AgentChat.Daemon.Sync;
using AgentChat.Matrix;
using Microsoft.AspNetCore.Builder;

namespace AgentChat.Tests;

/// <summary>
/// Secrets never print: every type holding a token, password or secret keeps it out of <c>ToString()</c>, so a
/// log line, an exception message or a debugger display that formats one shows no secret.
/// </summary>
public sealed partial class SecretsTests
{
    private const string Secret = "s3cret-0f-the-test-7d2b";

    private static readonly HttpClient UnusedHttp = new();

    /// <summary>
    /// Each type that holds a secret, made with <see cref="Secret"/> in every secret member. A new holder goes
    /// here; <see cref="Every_type_holding_a_secret_is_listed"/> finds the ones that are missing.
    /// </summary>
    private static readonly Dictionary<Type, Func<object>> Holders = new()
    {
        [typeof(LoginRequest)] = () => new LoginRequest("m.login.password", new LoginIdentifier("m.id.user", "alice"), Secret, "DEVICE"),
        [typeof(LoginResponse)] = () => new LoginResponse(new UserId("@alice:example.org"), Secret, "DEVICE"),
        [typeof(SharedSecretRegisterRequest)] = () => new SharedSecretRegisterRequest("nonce", "alice", Secret, false, Secret, "Alice"),
        [typeof(MatrixClient)] = () => new MatrixClient(UnusedHttp, new Uri("http://127.0.0.1:9/"), Secret),
        [typeof(ConfigFile)] = () => new ConfigFile { Homeserver = "http://127.0.0.1:9", UserId = "@alice:example.org", AccessToken = Secret, AllowedInviters = ["@bob:example.org"] },
        [typeof(DiscoveryFile)] = () => new DiscoveryFile("alice", "@alice:example.org", "http://127.0.0.1:9", Secret, 42),
        [typeof(Setting)] = () => new Setting(Secret, SettingSource.Environment),
        [typeof(AgentChatSettings)] = () => SettingsLoader.Load(environment: name => name is "AGENTCHAT_ACCESS_TOKEN" or "AGENTCHAT_REGISTRATION_SECRET" ? Secret : null,
            configPath: "/nonexistent/agentchat/config.json"),
        [typeof(GatewayToken)] = () => new GatewayToken(Secret),
        [typeof(GatewayAuth)] = () => new GatewayAuth(new GatewayToken(Secret), ScrapeTokenHolding(Secret)),
        [typeof(AgentChat.Hosting.Metrics.ScrapeToken)] = () => ScrapeTokenHolding(Secret),
        [typeof(DaemonOptions)] = () => new DaemonOptions { MetricsTokenFile = Secret }, // a path to the scrape token, not the token
        [typeof(RunningDaemon)] = () => new RunningDaemon(WebApplication.CreateSlimBuilder().Build(), new Uri("http://127.0.0.1:9/"), Secret, "/nonexistent/alice.json"),
        [typeof(ArchiveOptions)] = () => new ArchiveOptions { ConnectionString = $"Host=127.0.0.1;Username=archive;Password={Secret}", Token = Secret, MetricsTokenFile = Secret },
        [typeof(RunningArchive)] = () => new RunningArchive(WebApplication.CreateSlimBuilder().Build(), new Uri("http://127.0.0.1:9/"), Secret, new ArchiveStats(TimeProvider.System)),
    };

    private static AgentChat.Hosting.Metrics.ScrapeToken ScrapeTokenHolding(string secret)
    {
        var file = Path.Combine(Directory.CreateTempSubdirectory("agentchat-secrets-").FullName, "metrics_token");
        File.WriteAllText(file, secret);
        return new AgentChat.Hosting.Metrics.ScrapeToken(file);
    }

    /// <summary>Field types whose name says token but that hold no credential (token counts are numbers, and counters of them).</summary>
    private static readonly Type[] NotSecrets = [typeof(SyncTokenStore), typeof(CancellationToken), typeof(CancellationTokenSource), typeof(int), typeof(long), typeof(long?), typeof(double),
        typeof(AgentChat.Metrics.MetricFamily<AgentChat.Metrics.Counter>)];

    public static TheoryData<string> HolderNames => [.. Holders.Keys.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(HolderNames))]
    public void ToString_never_shows_the_secret(string type)
    {
        var holder = Holders.Single(h => h.Key.Name == type).Value();
        var text = holder.ToString() ?? "";
        Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, $"{holder}", StringComparison.Ordinal);
    }

    [Fact]
    public void Redacted_records_still_show_what_is_not_secret()
    {
        Assert.Equal("LoginResponse { UserId = @alice:example.org, AccessToken = ***, DeviceId = DEVICE }", Holders[typeof(LoginResponse)]().ToString());
        Assert.Contains("Gateway = http://127.0.0.1:9, Token = ***, Pid = 42", Holders[typeof(DiscoveryFile)]().ToString(), StringComparison.Ordinal);
        Assert.Contains("AllowedInviters = [@bob:example.org]", Holders[typeof(ConfigFile)]().ToString(), StringComparison.Ordinal);
        Assert.Equal("*** (Environment)", new Setting(Secret, SettingSource.Environment).ToString());
        Assert.Equal("AccessToken = null", new ConfigFile().ToString().Split(", ")[2]);
    }

    [Fact]
    public void Every_type_holding_a_secret_is_listed()
    {
        var missing = SecretFields()
            .SelectMany(f => new[] { f.DeclaringType!, f.FieldType })
            .Where(t => t != typeof(string) && t != typeof(string[]) && t != typeof(byte[]) && !Holders.ContainsKey(t))
            .Select(t => t.FullName).Distinct().Order().ToList();
        Assert.True(missing.Count == 0, $"these types hold a secret but SecretsTests does not prove they keep it out of ToString(): {string.Join(", ", missing)}");
    }

    /// <summary>Fields of our assemblies (core, Matrix, hosting, daemon, archive, bridge) named like a token, secret, password or MAC, of a type that can hold one.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "tests run on the JIT, never trimmed")]
    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = "tests run on the JIT, never trimmed")]
    private static IEnumerable<FieldInfo> SecretFields() =>
        new[] { typeof(ConfigFile), typeof(MatrixClient), typeof(GatewayToken), typeof(RunningDaemon), typeof(ArchiveHost), typeof(BridgeHost) }
            .Select(t => t.Assembly)
            .SelectMany(a => a.GetTypes())
            .Where(t => !t.Name.Contains('<', StringComparison.Ordinal) && !typeof(JsonSerializerContext).IsAssignableFrom(t))
            .SelectMany(t => t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
            .Where(f => !NotSecrets.Contains(f.FieldType) && SecretName().IsMatch(f.Name + " " + f.FieldType.Name));

    [GeneratedRegex("token|secret|password|^<?mac\\b|_mac", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}

using AgentChat.Bridge.Sessions;

namespace AgentChat.Tests.Bridge;

public sealed class SessionMapTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "agentchat-tests", "sessions-" + Guid.NewGuid().ToString("N")[..10]);

    private string PathOf => Path.Combine(_dir, "sessions.json");

    [Fact]
    public void Sessions_survive_a_restart_in_a_private_file()
    {
        var map = new SessionMap(PathOf, TimeProvider.System);
        map.Set("$thread1", "11111111-aaaa");
        map.Set("$thread2", "22222222-bbbb");
        map.Set("$thread1", "33333333-cccc");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(PathOf));

        var again = new SessionMap(PathOf, TimeProvider.System);
        Assert.Null(again.LoadProblem);
        Assert.Equal("33333333-cccc", again.Get("$thread1"));
        Assert.Equal("22222222-bbbb", again.Get("$thread2"));
        Assert.Null(again.Get("$other"));
        again.Forget("$thread2");
        Assert.Null(new SessionMap(PathOf, TimeProvider.System).Get("$thread2"));
    }

    [Fact]
    public void A_corrupt_file_starts_empty_and_says_so()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(PathOf, "{\"sessions\": [not json");
        var map = new SessionMap(PathOf, TimeProvider.System);
        Assert.NotNull(map.LoadProblem);
        Assert.Equal(0, map.Count);
        map.Set("$t", "abc");
        Assert.Equal("abc", new SessionMap(PathOf, TimeProvider.System).Get("$t"));
    }

    [Fact]
    public void A_tampered_entry_is_never_handed_back()
    {
        Directory.CreateDirectory(_dir);
        File.WriteAllText(PathOf, """{"sessions":{"$a":{"session":"--dangerously-skip-permissions","at":1},"$b":{"session":"ok-1","at":2},"$c":null}}""");
        var map = new SessionMap(PathOf, TimeProvider.System);
        Assert.Null(map.Get("$a"));
        Assert.Null(map.Get("$c"));
        Assert.Equal("ok-1", map.Get("$b"));
        map.Set("$d", "-x");
        Assert.Null(map.Get("$d"));
    }

    [Fact]
    public void The_least_recently_used_thread_is_forgotten_first()
    {
        var time = new StepTime();
        var map = new SessionMap(PathOf, time, capacity: 3);
        foreach (var i in Enumerable.Range(1, 4))
        {
            map.Set($"$t{i}", $"s{i}");
            time.Step();
        }
        Assert.Equal(3, map.Count);
        Assert.Null(map.Get("$t1"));
        Assert.Equal("s4", map.Get("$t4"));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private sealed class StepTime : TimeProvider
    {
        private DateTimeOffset _now = DateTimeOffset.UnixEpoch.AddDays(1);
        public void Step() => _now = _now.AddSeconds(1);
        public override DateTimeOffset GetUtcNow() => _now;
    }
}

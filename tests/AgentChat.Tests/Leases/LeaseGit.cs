using AgentChat.Tests.Cli;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Leases;

/// <summary>git in a test's repository, as the agent whose environment runs the pre-commit hook.</summary>
internal static class LeaseGit
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<string> GitAsync(Cchat cchat, string repo, params string[] args)
    {
        var r = await RunGitAsync(cchat, repo, args);
        Assert.True(r.ExitCode == 0, $"git {string.Join(' ', args)}: {r.StdOut}{r.StdErr}");
        return r.StdOut;
    }

    /// <summary>git with the agent's environment (the hook's cchat finds its account there), and a committer.</summary>
    public static Task<ProcessRunner.Result> RunGitAsync(Cchat cchat, string repo, params string[] args)
    {
        var env = new Dictionary<string, string?>(cchat.Env)
        {
            ["GIT_AUTHOR_NAME"] = "bob", ["GIT_AUTHOR_EMAIL"] = "bob@localhost", ["GIT_COMMITTER_NAME"] = "bob", ["GIT_COMMITTER_EMAIL"] = "bob@localhost",
            ["GIT_CONFIG_NOSYSTEM"] = "1",
        };
        return ProcessRunner.RunAsync("git", ["-C", repo, .. args], Timeout, env);
    }

    /// <summary>A new repository under the agent's root with cchat's pre-commit hook installed.</summary>
    public static async Task<string> RepoWithHookAsync(Cchat cchat)
    {
        var repo = Path.Combine(cchat.Root, "repo");
        Directory.CreateDirectory(repo);
        await GitAsync(cchat, repo, "init", "-q");
        await cchat.OkAsync("lease", "install-hook", "--repo", repo);
        return repo;
    }
}

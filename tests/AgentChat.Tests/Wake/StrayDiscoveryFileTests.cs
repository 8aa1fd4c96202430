using AgentChat.Configuration;

namespace AgentChat.Tests.Wake;

/// <summary>A stray <c>*.json</c> beside (or instead of) a daemon's discovery file is no daemon.</summary>
public sealed class StrayDiscoveryFileTests
{
    [Fact]
    public void A_lone_json_file_without_a_gateway_url_and_token_is_not_a_discovery_file()
    {
        var dir = Directory.CreateTempSubdirectory("agentchat-stray-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "foo.json"), "{}");
            Assert.Null(DiscoveryFile.Find(dir, null));
            Assert.Null(DiscoveryFile.TryRead(Path.Combine(dir, "foo.json")));
            File.WriteAllText(Path.Combine(dir, "foo.json"), """{"instance":"x","user_id":"@x:localhost","gateway":null,"token":"t","pid":1}""");
            Assert.Null(DiscoveryFile.Find(dir, null));
            File.WriteAllText(Path.Combine(dir, "foo.json"), """{"instance":"x","user_id":"@x:localhost","gateway":"http://127.0.0.1:1","token":"","pid":1}""");
            Assert.Null(DiscoveryFile.Find(dir, null));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}

using System.Text;
using System.Text.Json;
using AgentChat.Matrix;
using AgentChat.Tests.Infrastructure;

namespace AgentChat.Tests.Matrix;

public sealed class RoomTests
{
    private static readonly TimeSpan Timeout = MatrixTestRoom.Timeout;

    [Fact]
    public async Task Create_invite_join_members_leave()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var guest = await server.CreateUserAsync("guest");

        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest { Name = "r", Preset = "private_chat" }).WaitAsync(Timeout);
        await owner.Client.InviteAsync(room, guest.UserId).WaitAsync(Timeout);
        Assert.Equal(room, await guest.Client.JoinRoomAsync(room.Value).WaitAsync(Timeout));

        var members = await owner.Client.GetJoinedMembersAsync(room).WaitAsync(Timeout);
        Assert.Equal([owner.UserId, guest.UserId], members.Keys.OrderBy(u => u == owner.UserId ? 0 : 1));
        Assert.Contains(room, await guest.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));

        await guest.Client.LeaveRoomAsync(room).WaitAsync(Timeout);
        Assert.DoesNotContain(room, await guest.Client.GetJoinedRoomsAsync().WaitAsync(Timeout));
        var membership = await owner.Client.GetMembersAsync(room).WaitAsync(Timeout);
        Assert.Equal("leave", membership.Single(m => m.StateKey == guest.UserId.Value).ContentString("membership"));
    }

    [Fact]
    public async Task Joining_an_invite_only_room_uninvited_is_M_FORBIDDEN()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var stranger = await server.CreateUserAsync("str");
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "private_chat" }).WaitAsync(Timeout);

        var e = await Assert.ThrowsAsync<MatrixException>(() => stranger.Client.JoinRoomAsync(room.Value).WaitAsync(Timeout));
        Assert.Equal(MatrixErrorCodes.Forbidden, e.ErrCode);
        Assert.False(e.IsTransient);
    }

    [Fact]
    public async Task Alias_create_resolve_and_join_by_alias()
    {
        var server = await SynapseServer.GetAsync();
        var owner = await server.CreateUserAsync("own");
        var other = await server.CreateUserAsync("oth");
        var room = await owner.Client.CreateRoomAsync(new CreateRoomRequest { Preset = "public_chat" }).WaitAsync(Timeout);
        var alias = RoomAlias.For($"t{Guid.NewGuid():N}", server.ServerName);

        await owner.Client.CreateAliasAsync(alias, room).WaitAsync(Timeout);

        Assert.Equal(room, await other.Client.ResolveAliasAsync(alias).WaitAsync(Timeout));
        Assert.Equal(room, await other.Client.JoinRoomAsync(alias.Value).WaitAsync(Timeout));
    }

    [Fact]
    public async Task Unknown_alias_is_M_NOT_FOUND()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("nf");
        var e = await Assert.ThrowsAsync<MatrixException>(() =>
            user.Client.ResolveAliasAsync(RoomAlias.For($"none{Guid.NewGuid():N}", server.ServerName)).WaitAsync(Timeout));
        Assert.Equal(MatrixErrorCodes.NotFound, e.ErrCode);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, e.StatusCode);
    }

    [Fact]
    public async Task Same_transaction_id_twice_yields_one_event()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("txn");
        var room = await MatrixTestRoom.CreateAsync(user);
        var txn = Guid.NewGuid().ToString("N");

        var first = await MatrixTestRoom.SendTextAsync(user.Client, room, "once", txn);
        var second = await MatrixTestRoom.SendTextAsync(user.Client, room, "once", txn);

        Assert.Equal(first, second);
        var page = await user.Client.GetMessagesAsync(room, null, Direction.Backward, 50).WaitAsync(Timeout);
        Assert.Single(MatrixTestRoom.Bodies(page.Chunk), b => b == "once");
    }

    [Fact]
    public async Task State_put_get_and_whole_room_state()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("state");
        var room = await MatrixTestRoom.CreateAsync(user);
        var content = Encoding.UTF8.GetBytes("""{"instance":"alpha","status":"online"}""");

        var eventId = await user.Client.PutStateAsync(room, "com.aiagentchat.instance", user.UserId.Value, content).WaitAsync(Timeout);
        var one = await user.Client.GetStateAsync(room, "com.aiagentchat.instance", user.UserId.Value).WaitAsync(Timeout);
        var all = await user.Client.GetRoomStateAsync(room).WaitAsync(Timeout);

        Assert.StartsWith("$", eventId.Value, StringComparison.Ordinal);
        Assert.Equal("alpha", one.GetProperty("instance").GetString());
        var entry = all.Single(e => e.Type == "com.aiagentchat.instance");
        Assert.Equal(user.UserId.Value, entry.StateKey);
        Assert.Equal("online", entry.ContentString("status"));
        Assert.Contains(all, e => e.Type == "m.room.create");

        var missing = await Assert.ThrowsAsync<MatrixException>(() => user.Client.GetStateAsync(room, "com.aiagentchat.none", "").WaitAsync(Timeout));
        Assert.Equal(MatrixErrorCodes.NotFound, missing.ErrCode);
    }

    [Fact]
    public async Task Messages_paginate_backward_and_forward()
    {
        var server = await SynapseServer.GetAsync();
        var user = await server.CreateUserAsync("page");
        var room = await MatrixTestRoom.CreateAsync(user);
        var sent = Enumerable.Range(1, 12).Select(i => $"m{i}").ToList();
        foreach (var text in sent) await MatrixTestRoom.SendTextAsync(user.Client, room, text);

        var backward = new List<string>();
        string? from = null;
        string? oldest = null;
        while (backward.Count < sent.Count)
        {
            var page = await user.Client.GetMessagesAsync(room, from, Direction.Backward, 5).WaitAsync(Timeout);
            Assert.NotEmpty(page.Chunk);
            backward.AddRange(MatrixTestRoom.Bodies(page.Chunk));
            from = page.End;
            oldest = page.End;
        }
        Assert.Equal(sent.AsEnumerable().Reverse(), backward.Take(sent.Count));

        var forward = new List<string>();
        var cursor = oldest;
        for (var i = 0; i < 20 && forward.Count < sent.Count; i++)
        {
            var page = await user.Client.GetMessagesAsync(room, cursor, Direction.Forward, 5).WaitAsync(Timeout);
            forward.AddRange(MatrixTestRoom.Bodies(page.Chunk));
            if (page.End is null || page.Chunk.Count == 0) break;
            cursor = page.End;
        }
        Assert.Equal(sent, forward.Where(sent.Contains));
    }

    [Fact]
    public async Task Direct_room_account_data_round_trips()
    {
        var server = await SynapseServer.GetAsync();
        var a = await server.CreateUserAsync("dm");
        var b = await server.CreateUserAsync("dm");
        Assert.Empty(await a.Client.GetDirectRoomsAsync(a.UserId).WaitAsync(Timeout));

        var room = await a.Client.CreateRoomAsync(new CreateRoomRequest { IsDirect = true, Preset = "trusted_private_chat", Invite = [b.UserId] }).WaitAsync(Timeout);
        await a.Client.SetDirectRoomsAsync(a.UserId, new() { [b.UserId.Value] = [room.Value] }).WaitAsync(Timeout);

        var direct = await a.Client.GetDirectRoomsAsync(a.UserId).WaitAsync(Timeout);
        Assert.Equal([room.Value], direct[b.UserId.Value]);
    }

    [Fact]
    public async Task Read_receipt_and_markers_reach_the_room()
    {
        var server = await SynapseServer.GetAsync();
        var writer = await server.CreateUserAsync("w");
        var reader = await server.CreateUserAsync("r");
        var room = await MatrixTestRoom.CreateAsync(writer, reader);
        var first = await MatrixTestRoom.SendTextAsync(writer.Client, room, "one");
        var second = await MatrixTestRoom.SendTextAsync(writer.Client, room, "two");

        await reader.Client.SendReadReceiptAsync(room, first).WaitAsync(Timeout);
        await reader.Client.SetReadMarkersAsync(room, second, second).WaitAsync(Timeout);

        var sync = await reader.Client.SyncAsync(null, TimeSpan.Zero).WaitAsync(Timeout);
        var joined = sync.Rooms!.Join![room];
        var fullyRead = joined.AccountData!.Events.Single(e => e.Type == "m.fully_read");
        Assert.Equal(second.Value, fullyRead.ContentString("event_id"));
        var receipt = joined.Ephemeral!.Events.Single(e => e.Type == "m.receipt");
        Assert.True(receipt.Content.TryGetProperty(second.Value, out var forSecond));
        Assert.True(forSecond.GetProperty("m.read").TryGetProperty(reader.UserId.Value, out _));
    }
}

using AgentChat.Daemon.Hosting;

namespace AgentChat.Tests.Daemon;

/// <summary>Issue #27: an idle daemon gives back the pages of its binary that only start-up read; reading its own mappings never fails it.</summary>
public sealed class StartupPagesTests
{
    private const string Exe = "/opt/cchat/cchat";

    [Fact]
    public void A_line_of_the_maps_gives_the_range_of_the_binary_and_whether_it_is_writable()
    {
        Assert.Equal((0x400000UL, 0x4000UL, false), StartupPages.RangeOf("00400000-00404000 r--p 00000000 fe:00 11665976                   /opt/cchat/cchat", Exe));
        Assert.Equal((0x1af0000UL, 0xc1e000UL, true), StartupPages.RangeOf("01af0000-0270e000 rw-p 016ef000 fe:00 11665976 /opt/cchat/cchat", Exe));
        Assert.False(StartupPages.RangeOf("00404000-01348000 r-xp 00004000 fe:00 11665976 /opt/cchat/cchat", Exe)?.Writable);
    }

    [Theory]
    [InlineData("7f65b0000000-7f65b007d000 rw-p 00000000 00:00 0")] // anonymous
    [InlineData("7f65b0000000-7f65b007d000 r-xp 00000000 fe:00 42 /usr/lib/x86_64-linux-gnu/libc.so.6")] // another file
    [InlineData("00400000-00404000 r--p 00000000 fe:00 11665976 /opt/cchat/cchat (deleted)")] // replaced on disk
    [InlineData("00404000-00400000 r--p 00000000 fe:00 11665976 /opt/cchat/cchat")] // end before start
    [InlineData("zz-00404000 r--p 00000000 fe:00 11665976 /opt/cchat/cchat")]
    [InlineData("00400000 r--p 00000000 fe:00 11665976 /opt/cchat/cchat")]
    [InlineData("-00404000 r--p 00000000 fe:00 11665976 /opt/cchat/cchat")]
    [InlineData("00400000-00404000 r 0 fe:00 1 /opt/cchat/cchat")]
    [InlineData("")]
    [InlineData("   ")]
    public void Anything_else_is_no_range(string line) => Assert.Null(StartupPages.RangeOf(line, Exe));

    [Fact]
    public void Paging_out_the_running_executable_leaves_the_process_working()
    {
        var advised = StartupPages.PageOutExecutable();

        Assert.True(advised > 0, "the test host's own executable is mapped, so some of it is advised");
        Assert.Equal(advised, StartupPages.PageOutExecutable()); // the same mappings again, from pages that faulted back in
    }
}

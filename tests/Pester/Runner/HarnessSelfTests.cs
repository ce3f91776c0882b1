using Xunit;

namespace PSDropbox.Tests.Pester;

/// <summary>Proves the harness is honest: fixture files (tests/Pester/Runner/Fixtures, never part of
/// the real suite) run through the same engine, and failures fail.</summary>
public class HarnessSelfTests
{
    private static string Fixture(string name) => Path.Combine(PesterEngine.SuiteRoot, "Runner", "Fixtures", name);

    private static readonly Lazy<Task<FileResult>> Failing =
        new(() => PesterEngine.RunFileAsync(Fixture("Failing.Tests.ps1"), new PesterRunOptions { StartEmulator = false }));

    [Fact]
    public void Fixtures_are_not_part_of_the_real_suite()
    {
        var files = PesterEngine.SuiteFiles();
        Assert.Contains(files, f => f.EndsWith("Harness.Tests.ps1", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.Contains("Fixtures", StringComparison.Ordinal));
    }

    [Fact]
    public void Discovery_reports_each_It_with_Describe_path_names_and_expands_ForEach()
    {
        var d = PesterEngine.Discover(Fixture("Failing.Tests.ps1"));
        Assert.Null(d.Error);
        Assert.Equal(new[]
        {
            "Fixture > passes",
            "Fixture > fails on Should",
            "Fixture > fails on throw",
            "Fixture > has a non-terminating error but passes",
            "Fixture > fails on -Not -Throw",
            "Fixture > Broken setup > first victim",
            "Fixture > Broken setup > second victim",
            "Fixture > Broken teardown > reported failed by AfterAll",
            "Fixture data > row one is 1",
            "Fixture data > row two is 2",
        }, d.Tests.Select(t => t.Key));
    }

    [Fact]
    public async Task Passing_It_passes()
    {
        var r = await Failing.Value;
        Assert.Null(r.Error);
        Assert.True(r.Get("Fixture > passes").Passed);
        Assert.True(r.Get("Fixture data > row one is 1").Passed);
    }

    [Fact]
    public async Task Failing_Should_names_the_expectation_and_the_line()
    {
        var o = (await Failing.Value).Get("Fixture > fails on Should");
        Assert.False(o.Passed);
        Assert.Contains("Expected 5, but got 3.", o.Message);
        Assert.Contains("at $x | Should -Be 5, " + Fixture("Failing.Tests.ps1") + ":8", o.Message);

        var row = (await Failing.Value).Get("Fixture data > row two is 2");
        Assert.False(row.Passed);
        Assert.Contains("Expected the actual value to be less than 2, but got 2.", row.Message);
    }

    [Fact]
    public async Task Throw_in_It_fails_with_message_and_position()
    {
        var o = (await Failing.Value).Get("Fixture > fails on throw");
        Assert.False(o.Passed);
        Assert.Contains("plain boom", o.Message);
        Assert.Contains("Failing.Tests.ps1:12", o.Message);

        var n = (await Failing.Value).Get("Fixture > fails on -Not -Throw");
        Assert.False(n.Passed);
        Assert.Contains("Expected no exception to be thrown, but an exception \"inner boom\" was thrown", n.Message);
    }

    [Fact]
    public async Task Non_terminating_error_does_not_fail_but_is_shown_with_host_output()
    {
        var o = (await Failing.Value).Get("Fixture > has a non-terminating error but passes");
        Assert.True(o.Passed, o.Message);
        Assert.Contains("No-SuchCommandForTheFixture", o.Output);
        Assert.Contains("host text from the test", o.Output);
    }

    [Fact]
    public async Task Failing_BeforeAll_fails_every_It_in_its_block()
    {
        var r = await Failing.Value;
        foreach (var key in new[] { "Fixture > Broken setup > first victim", "Fixture > Broken setup > second victim" })
        {
            var o = r.Get(key);
            Assert.False(o.Passed);
            Assert.Contains("BeforeAll failed", o.Message);
            Assert.Contains("setup exploded", o.Message);
        }
        var t = r.Get("Fixture > Broken teardown > reported failed by AfterAll");
        Assert.False(t.Passed);
        Assert.Contains("AfterAll failed", t.Message);
    }

    [Fact]
    public async Task Missing_file_fails_clearly()
    {
        var missing = Fixture("Nope.Tests.ps1");
        Assert.Contains("not found", PesterEngine.Discover(missing).Error);
        var r = await PesterEngine.RunFileAsync(missing, new PesterRunOptions { StartEmulator = false });
        Assert.False(r.Get("x").Passed);
        Assert.Contains("Test file not found", r.Get("x").Message);
    }

    [Fact]
    public void Syntax_error_fails_clearly()
    {
        var d = PesterEngine.Discover(Fixture("Syntax.Tests.ps1"));
        Assert.NotNull(d.Error);
        Assert.Contains("syntax errors", d.Error);
        Assert.Contains("Syntax.Tests.ps1:", d.Error);
    }

    [Fact]
    public void Discovery_error_fails_clearly()
    {
        var d = PesterEngine.Discover(Fixture("DiscoveryThrows.Tests.ps1"));
        Assert.NotNull(d.Error);
        Assert.Contains("discovery exploded", d.Error);
    }

    [Fact]
    public async Task Timeout_stops_the_file_and_fails_unfinished_Its()
    {
        var r = await PesterEngine.RunFileAsync(Fixture("Slow.Tests.ps1"), new PesterRunOptions { StartEmulator = false, Timeout = TimeSpan.FromSeconds(3) });
        Assert.True(r.Get("Slow > finishes").Passed);
        Assert.False(r.Get("Slow > hangs").Passed);
        Assert.Contains("timed out", r.Get("Slow > hangs").Message);
        Assert.Contains("timed out", r.Get("Slow > never starts").Message);
    }

    [Fact]
    public async Task Emulator_is_started_per_file_and_exposed()
    {
        var r = await PesterEngine.RunFileAsync(Fixture("Emulator.Tests.ps1"), new PesterRunOptions());
        var o = r.Get("Emulator variable > is provided by the hosted runner");
        Assert.True(o.Passed, o.Message);
    }

    [Fact]
    public async Task TestHelpers_starts_a_child_emulator_when_the_runner_provides_none()
    {
        var r = await PesterEngine.RunFileAsync(Fixture("ChildEmulator.Tests.ps1"), new PesterRunOptions { StartEmulator = false });
        Assert.Null(r.Error);
        foreach (var key in new[] { "Child-process emulator > is running and answers", "Child-process emulator > accepts the token through the module" })
        {
            var o = r.Get(key);
            Assert.True(o.Passed, o.Message);
        }
    }
}

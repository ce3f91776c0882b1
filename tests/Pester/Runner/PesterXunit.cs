using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PSDropbox.Tests.Pester;

/// <summary>Marks a method whose test cases are the Its of the Pester suite (one xunit case per It).</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("PSDropbox.Tests.Pester.PesterTestDiscoverer", "PSDropbox.Tests.Pester")]
public sealed class PesterSuiteAttribute : FactAttribute
{
}

public sealed class PesterTestDiscoverer : IXunitTestCaseDiscoverer
{
    private readonly IMessageSink _diagnostics;

    public PesterTestDiscoverer(IMessageSink diagnosticMessageSink) => _diagnostics = diagnosticMessageSink;

    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var files = PesterEngine.SuiteFiles();
        var discovered = new DiscoveryResult[files.Count];
        Parallel.For(0, files.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => discovered[i] = PesterEngine.Discover(files[i]));
        foreach (var d in discovered)
        {
            var rel = Path.GetRelativePath(PesterEngine.RepoRoot, d.File).Replace('\\', '/');
            if (d.Error != null)
            {
                yield return new PesterTestCase(_diagnostics, display, displayOptions, testMethod, rel, $"{rel} > (discovery)", d.Error);
                continue;
            }
            foreach (var t in d.Tests)
                yield return new PesterTestCase(_diagnostics, display, displayOptions, testMethod, rel, t.Key, null);
        }
    }
}

/// <summary>One It of one .Tests.ps1 file. Running it runs the whole file once (cached) and reports this It's outcome.</summary>
public sealed class PesterTestCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public PesterTestCase() { }

    public PesterTestCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod, string relativeFile, string testKey, string? discoveryError)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        RelativeFile = relativeFile;
        TestKey = testKey;
        DiscoveryError = discoveryError;
        Planned.TryAdd(relativeFile, 0);
    }

    /// <summary>Files with test cases in this run; the first case to run starts them all (bounded by
    /// ProcessorCount) so files run concurrently although xunit runs these cases one by one.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> Planned = new(StringComparer.Ordinal);

    public string RelativeFile { get; private set; } = "";
    public string TestKey { get; private set; } = "";
    public string? DiscoveryError { get; private set; }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = TestKey;
    }

    protected override string GetUniqueID()
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes("pester\0" + RelativeFile + "\0" + TestKey));
        return Convert.ToHexString(bytes, 0, 20).ToLowerInvariant();
    }

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue(nameof(RelativeFile), RelativeFile);
        data.AddValue(nameof(TestKey), TestKey);
        data.AddValue(nameof(DiscoveryError), DiscoveryError);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        RelativeFile = data.GetValue<string>(nameof(RelativeFile));
        TestKey = data.GetValue<string>(nameof(TestKey));
        DiscoveryError = data.GetValue<string>(nameof(DiscoveryError));
        if (DiscoveryError == null) Planned.TryAdd(RelativeFile, 0);
        base.Deserialize(data);
    }

    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var summary = new RunSummary { Total = 1 };
        var test = new XunitTest(this, DisplayName);
        if (!messageBus.QueueMessage(new TestCaseStarting(this)) || !messageBus.QueueMessage(new TestStarting(test)))
            cancellationTokenSource.Cancel();

        TestOutcome outcome;
        if (DiscoveryError != null)
        {
            outcome = new TestOutcome(false, DiscoveryError, "", 0);
        }
        else
        {
            try
            {
                var file = Path.Combine(PesterEngine.RepoRoot, RelativeFile);
                var own = PesterEngine.GetOrRunAsync(file);
                foreach (var other in Planned.Keys) _ = PesterEngine.GetOrRunAsync(Path.Combine(PesterEngine.RepoRoot, other));
                var result = await own.ConfigureAwait(false);
                outcome = result.Get(TestKey);
            }
            catch (Exception ex)
            {
                outcome = new TestOutcome(false, "The Pester runner failed: " + ex, "", 0);
            }
        }

        var seconds = (decimal)(outcome.Milliseconds / 1000.0);
        summary.Time = seconds;
        if (outcome.Passed)
        {
            if (!messageBus.QueueMessage(new TestPassed(test, seconds, outcome.Output))) cancellationTokenSource.Cancel();
        }
        else
        {
            summary.Failed = 1;
            var msg = $"{outcome.Message}\n(in {RelativeFile})";
            if (!messageBus.QueueMessage(new TestFailed(test, seconds, outcome.Output,
                    new[] { "Pester.Failure" }, new[] { msg }, new[] { "" }, new[] { -1 })))
                cancellationTokenSource.Cancel();
        }
        if (!messageBus.QueueMessage(new TestFinished(test, seconds, outcome.Output))) cancellationTokenSource.Cancel();
        if (!messageBus.QueueMessage(new TestCaseFinished(this, seconds, 1, summary.Failed, 0))) cancellationTokenSource.Cancel();
        return summary;
    }
}

/// <summary>Host of the Pester suite: every It of tests/Pester/**/*.Tests.ps1 (except Runner/) is a test case here.</summary>
public class PesterSuite
{
    [PesterSuite]
    public void Pester() { }
}

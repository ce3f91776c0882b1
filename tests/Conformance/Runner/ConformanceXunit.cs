using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PSDropbox.Tests.Conformance;

/// <summary>
/// Marks a method whose test cases are a scenario's steps (one xunit case per step), like the Pester runner.
/// The argument names the scenario (<see cref="Scenario.Key"/>).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
[XunitTestCaseDiscoverer("PSDropbox.Tests.Conformance.ConformanceStepDiscoverer", "PSDropbox.Tests.Conformance")]
public sealed class ConformanceStepsAttribute(string scenario) : FactAttribute
{
    public string Scenario { get; } = scenario;
}

public sealed class ConformanceStepDiscoverer(IMessageSink diagnosticMessageSink) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions discoveryOptions, ITestMethod testMethod, IAttributeInfo factAttribute)
    {
        var display = discoveryOptions.MethodDisplayOrDefault();
        var displayOptions = discoveryOptions.MethodDisplayOptionsOrDefault();
        var scenario = Scenario.ByKey(factAttribute.GetConstructorArguments().Cast<string>().Single());
        IReadOnlyList<string> steps;
        try
        {
            steps = ScenarioProcess.ListSteps(scenario);
        }
        catch (Exception ex)
        {
            return [new ConformanceStepCase(diagnosticMessageSink, display, displayOptions, testMethod, scenario.Key, "(discovery)", ex.Message)];
        }
        return steps.Append(scenario.RouteCheckName)
            .Select(s => new ConformanceStepCase(diagnosticMessageSink, display, displayOptions, testMethod, scenario.Key, s, null));
    }
}

/// <summary>One scenario step. Running it runs the whole scenario once (shared) and reports this step's outcome.</summary>
public sealed class ConformanceStepCase : XunitTestCase
{
    [EditorBrowsable(EditorBrowsableState.Never)]
    [Obsolete("Called by the de-serializer; should only be called by deriving classes for de-serialization purposes")]
    public ConformanceStepCase() { }

    public ConformanceStepCase(IMessageSink diagnosticMessageSink, TestMethodDisplay defaultMethodDisplay, TestMethodDisplayOptions defaultMethodDisplayOptions,
        ITestMethod testMethod, string scenario, string step, string? discoveryError)
        : base(diagnosticMessageSink, defaultMethodDisplay, defaultMethodDisplayOptions, testMethod)
    {
        ScenarioKey = scenario;
        Step = step;
        DiscoveryError = discoveryError;
    }

    public string ScenarioKey { get; private set; } = "";
    public string Step { get; private set; } = "";
    public string? DiscoveryError { get; private set; }

    protected override void Initialize()
    {
        base.Initialize();
        DisplayName = Scenario.ByKey(ScenarioKey).DisplayName + " > " + Step;
    }

    protected override string GetUniqueID() =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("conformance\0" + ScenarioKey + "\0" + Step)), 0, 20);

    public override void Serialize(IXunitSerializationInfo data)
    {
        base.Serialize(data);
        data.AddValue(nameof(ScenarioKey), ScenarioKey);
        data.AddValue(nameof(Step), Step);
        data.AddValue(nameof(DiscoveryError), DiscoveryError);
    }

    public override void Deserialize(IXunitSerializationInfo data)
    {
        ScenarioKey = data.GetValue<string>(nameof(ScenarioKey));
        Step = data.GetValue<string>(nameof(Step));
        DiscoveryError = data.GetValue<string>(nameof(DiscoveryError));
        base.Deserialize(data);
    }

    public override async Task<RunSummary> RunAsync(IMessageSink diagnosticMessageSink, IMessageBus messageBus, object[] constructorArguments,
        ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource)
    {
        var test = new XunitTest(this, DisplayName);
        if (!messageBus.QueueMessage(new TestCaseStarting(this)) || !messageBus.QueueMessage(new TestStarting(test)))
            cancellationTokenSource.Cancel();

        StepOutcome outcome;
        if (DiscoveryError != null)
        {
            outcome = new StepOutcome(false, DiscoveryError, 0);
        }
        else
        {
            try
            {
                var scenario = Scenario.ByKey(ScenarioKey);
                var run = await ScenarioRun.GetAsync(scenario).ConfigureAwait(false);
                outcome = Step == scenario.RouteCheckName ? scenario.CheckRoutes(run) : run.Get(Step);
            }
            catch (Exception ex)
            {
                outcome = new StepOutcome(false, "The conformance run failed: " + ex, 0);
            }
        }

        var summary = new RunSummary { Total = 1, Time = (decimal)(outcome.Milliseconds / 1000.0) };
        if (outcome.Passed)
        {
            if (!messageBus.QueueMessage(new TestPassed(test, summary.Time, ""))) cancellationTokenSource.Cancel();
        }
        else
        {
            summary.Failed = 1;
            if (!messageBus.QueueMessage(new TestFailed(test, summary.Time, "",
                    ["Conformance.Failure"], [outcome.Message], [""], [-1])))
                cancellationTokenSource.Cancel();
        }
        if (!messageBus.QueueMessage(new TestFinished(test, summary.Time, ""))) cancellationTokenSource.Cancel();
        if (!messageBus.QueueMessage(new TestCaseFinished(this, summary.Time, 1, summary.Failed, 0))) cancellationTokenSource.Cancel();
        return summary;
    }
}

/// <summary>
/// Host of the conformance suites: every step of tests/Conformance/steps/*.js (the JS SDK) and of
/// tests/Conformance/python/steps/*.py (the Python SDK) is a test case here.
/// </summary>
public class ConformanceSuite
{
    [ConformanceSteps("js")]
    public void Conformance() { }

    [ConformanceSteps("python")]
    public void PythonConformance() { }
}

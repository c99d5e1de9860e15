using System.Reflection;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Exporters.Json;
using BenchmarkDotNet.Filters;
using Perfolizer.Horology;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace DualGrad.Bench.Infrastructure;

/// <summary>How the benchmarks are run: which job, where results go, which (method, size) pairs are skipped.</summary>
public static class BenchConfig
{
    /// <summary>Environment variable that limits every [ParamsSource] to its smallest value (set by <c>--quick</c>).</summary>
    public const string QuickVariable = "DUALGRAD_BENCH_QUICK";

    /// <summary>The config for a run.</summary>
    /// <param name="mode">default: BenchmarkDotNet's default job; medium: 1 launch, 4 warm-ups, 12 iterations of 250 ms;
    /// short: 1 launch, 2 warm-ups, 5 iterations of 150 ms (for the large suites on a busy machine);
    /// quick: one in-process invocation per benchmark (a smoke test, numbers not meaningful).</param>
    /// <param name="artifacts">Artifacts folder (results/ below it holds the CSV and JSON the report reads).</param>
    public static IConfig Create(string mode, string artifacts)
    {
        var config = ManualConfig.CreateEmpty()
            .AddColumnProvider(DefaultColumnProviders.Instance)
            .AddLogger(BenchmarkDotNet.Loggers.ConsoleLogger.Default)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddExporter(CsvExporter.Default, MarkdownExporter.GitHub, JsonExporter.Full)
            .AddFilter(new SizeLimitFilter())
            .WithArtifactsPath(artifacts)
            .WithSummaryStyle(SummaryStyle.Default.WithRatioStyle(RatioStyle.Trend))
            .WithOptions(ConfigOptions.DisableLogFile);
        // The smoke run prints one joined table; real runs export one JSON per suite, which the report reads.
        if (mode == "quick") config = config.WithOptions(ConfigOptions.JoinSummary);
        var job = mode switch
        {
            "quick" => Job.Dry.WithToolchain(InProcessEmitToolchain.Instance).WithId("Quick"),
            "medium" => Job.Default.WithLaunchCount(1).WithWarmupCount(4).WithIterationCount(12)
                .WithIterationTime(TimeInterval.FromMilliseconds(250)).WithId("Medium"),
            "short" => Job.Default.WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(5)
                .WithIterationTime(TimeInterval.FromMilliseconds(150)).WithId("Short"),
            _ => Job.Default,
        };
        return config.AddJob(job);
    }

    /// <summary>The sizes of a [ParamsSource]: all of them, or only the smallest in quick mode.</summary>
    public static IEnumerable<int> Sizes(params int[] all) =>
        Environment.GetEnvironmentVariable(QuickVariable) == "1" ? all.Take(1) : all;
}

/// <summary>
/// Skips a benchmark for sizes where one invocation would take more than about 2 s (central differences and forward
/// mode cost O(n) evaluations of an O(n) function). The skipped pairs are listed in bench/README.md and in RESULTS.md.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SizeLimitAttribute : Attribute
{
    /// <summary>Largest N run.</summary>
    public long MaxN { get; init; } = long.MaxValue;

    /// <summary>Largest N·M run (Jacobians).</summary>
    public long MaxNTimesM { get; init; } = long.MaxValue;
}

/// <summary>Applies <see cref="SizeLimitAttribute"/>, and skips Jacobian shapes with N·M above 10⁵ everywhere.</summary>
public sealed class SizeLimitFilter : IFilter
{
    /// <summary>The largest N·M of the Jacobian suite.</summary>
    public const long MaxJacobianEntries = 100_000;

    /// <inheritdoc/>
    public bool Predicate(BenchmarkCase benchmarkCase)
    {
        long? n = Param(benchmarkCase, "N"), m = Param(benchmarkCase, "M");
        if (n * m > MaxJacobianEntries) return false;
        // inherit: false, so an override's own limit replaces its base method's.
        var limit = (SizeLimitAttribute?)Attribute.GetCustomAttribute(benchmarkCase.Descriptor.WorkloadMethod, typeof(SizeLimitAttribute), inherit: false);
        if (limit is null) return true;
        return !(n > limit.MaxN) && !(n * m > limit.MaxNTimesM);
    }

    private static long? Param(BenchmarkCase benchmarkCase, string name) =>
        benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == name)?.Value is int v ? v : null;
}

namespace DualGrad.Bench.Infrastructure;

/// <summary>Where the bench project lives (found from the executable, so any working directory works).</summary>
public static class Paths
{
    /// <summary>The folder holding DualGrad.Bench.csproj.</summary>
    public static string BenchDirectory { get; } = Find();

    /// <summary>Where BenchmarkDotNet writes (ignored by git); results/ below it is what the report reads.</summary>
    public static string Artifacts => Path.Combine(BenchDirectory, "BenchmarkDotNet.Artifacts");

    /// <summary>The quick smoke run's artifacts: kept apart so its meaningless numbers never reach RESULTS.md.</summary>
    public static string QuickArtifacts => Path.Combine(Artifacts, "quick");

    /// <summary>The exported results the report reads.</summary>
    public static string Results => Path.Combine(Artifacts, "results");

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DualGrad.Bench.csproj"))) return dir.FullName;
        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DualGrad.Bench.csproj"))) return dir.FullName;
            if (File.Exists(Path.Combine(dir.FullName, "bench", "DualGrad.Bench.csproj"))) return Path.Combine(dir.FullName, "bench");
        }
        throw new InvalidOperationException("Cannot find DualGrad.Bench.csproj above the executable or the working directory.");
    }
}

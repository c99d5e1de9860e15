using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace DualGrad.Bench.Peers;

/// <summary>
/// Entry point. <c>--check</c> computes the torch gradient once and compares it with the known
/// answer; anything else goes to BenchmarkSwitcher (e.g. <c>--filter '*' --job short</c>).
/// If libtorch cannot be loaded, prints one line saying why and exits 0, so a run of all the
/// project's benchmarks is not broken by this optional peer.
/// </summary>
public static partial class Program
{
    /// <summary>Runs the check or the benchmarks.</summary>
    public static int Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? whyNot = TorchLoadFailure();
        if (whyNot is not null)
        {
            Console.WriteLine($"DualGrad.Bench.Peers: TorchSharp benchmarks skipped: {whyNot}");
            return 0;
        }

        if (args.Contains("--check"))
        {
            return Check();
        }

        // In-process ('--inProcess', added unless given): the benchmarks run in this process, which
        // has loaded the libtorch of this build output as patched by the build step. BenchmarkDotNet's
        // default (a generated child project built into a folder of its own) would copy an unpatched
        // libLibTorchSharp.so from the package cache. The flag, unlike a job set in the config, keeps
        // '--job short' and the other job options working.
        string[] benchmarkArgs = args.Any(a => a.Equals("--inProcess", StringComparison.OrdinalIgnoreCase) || a == "-i")
            ? args
            : [.. args, "--inProcess"];
        // The full JSON export is what bench's report step reads (bench/Reporting/Report.cs).
        IConfig config = DefaultConfig.Instance.AddExporter(BenchmarkDotNet.Exporters.Json.JsonExporter.Full);
        if (!args.Contains("--artifacts"))
        {
            // Keep results next to the build output instead of the current directory.
            config = config.WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
        }
        var started = DateTime.UtcNow;
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(benchmarkArgs, config);
        RecordCommand(args, summaries, started);
        return 0;
    }

    // With --artifacts bench/BenchmarkDotNet.Artifacts, bench's report step reads these results too; like bench, say
    // beside each suite's JSON which command produced it and when.
    private static void RecordCommand(string[] args, IEnumerable<BenchmarkDotNet.Reports.Summary> summaries, DateTime started)
    {
        int at = Array.IndexOf(args, "--artifacts");
        if (at < 0 || at + 1 >= args.Length) return;
        string results = Path.Combine(args[at + 1], "results");
        Directory.CreateDirectory(results);
        string command = "dotnet run -c Release --project bench/Peers -- " + string.Join(' ', args.Select(a => a.Contains('*') || a.Contains(' ') ? $"'{a}'" : a));
        foreach (string? type in summaries.SelectMany(s => s.BenchmarksCases).Select(c => c.Descriptor.Type.FullName).Distinct())
        {
            File.WriteAllText(Path.Combine(results, $"{type}.command.txt"),
                command + "\n" + started.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) + "\n\n");
        }
    }

    private static int Check()
    {
        double[] x = Powell.Point();
        (double value, double[] gradient) = TorchPowell.ValueAndGradient(x);
        double[] expected = Powell.ExpectedGradient();
        double[] analytic = Powell.AnalyticGradient(x);
        bool ok = Powell.Value(x) == Powell.ExpectedValue && value == Powell.ExpectedValue && gradient.SequenceEqual(expected) && analytic.SequenceEqual(expected);
        Console.WriteLine($"x                = [{string.Join(", ", x)}]");
        Console.WriteLine($"f(x)   plain     = {Powell.Value(x)}");
        Console.WriteLine($"f(x)   torch     = {value}");
        Console.WriteLine($"grad   torch     = [{string.Join(", ", gradient)}]");
        Console.WriteLine($"grad   expected  = [{string.Join(", ", expected)}]");
        double[] dualGrad = new double[x.Length];
        double dualGradValue = DualGrad.Reverse.ReverseMode.ValueAndGradient<double>(Powell.Value, x, dualGrad);
        ok &= dualGradValue == Powell.ExpectedValue && dualGrad.SequenceEqual(expected);
        Console.WriteLine($"grad   DualGrad  = [{string.Join(", ", dualGrad)}]");
        Console.WriteLine(ok ? "check: OK" : "check: MISMATCH");
        return ok ? 0 : 1;
    }

    /// <summary>Null if libtorch loads and computes; otherwise a one-line reason.</summary>
    private static string? TorchLoadFailure()
    {
        // 1. Ask the dynamic loader directly for the native glue of this build output. This gives the
        //    loader's own reason (e.g. "version `GLIBCXX_3.4.32' not found"), and it avoids TorchSharp's
        //    fallback, which on failure prints a long probe trace and copies ~600 MB of libtorch from
        //    the NuGet cache into bin/.../cpu/ only to fail again. The handle is kept: TorchSharp's own
        //    load of the same file then finds it already mapped.
        string? glue = NativeGluePath();
        if (glue is not null)
        {
            try
            {
                _ = NativeLibrary.Load(glue);
            }
            catch (DllNotFoundException e)
            {
                // .NET's message ends with the loader's reason (dlerror) on its last line.
                string reason = e.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? e.Message;
                return Explain(e.Message, reason);
            }
        }

        // 2. Initialise TorchSharp and compute something. Its diagnostics go to the console; mute them
        //    so that a failure is reported in one line.
        TextWriter stdout = Console.Out;
        TextWriter stderr = Console.Error;
        try
        {
            Console.SetOut(TextWriter.Null);
            Console.SetError(TextWriter.Null);
            TouchTorch();
            return null;
        }
        catch (Exception e)
        {
            Exception innermost = Chain(e).Last();
            return Explain(
                string.Join(" | ", Chain(e).Select(x => x.Message)),
                $"{innermost.GetType().Name}: {innermost.Message.Split('\n')[0].Trim()}");
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }
    }

    // Where the build put libLibTorchSharp.so: runtimes/<rid>/native/ in a portable build, the output
    // root in a RID-specific one. Null off Linux or when it is not there (then TorchSharp searches).
    private static string? NativeGluePath()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        return new[]
            {
                Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", "libLibTorchSharp.so"),
                Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
            }
            .FirstOrDefault(File.Exists);
    }

    // Separate and not inlined, so that a failure to load TorchSharp itself lands in the catch above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void TouchTorch()
    {
        using TorchSharp.torch.Tensor one = TorchSharp.torch.ones(1);
        _ = one.item<float>();
    }

    private static string Explain(string detail, string reason)
    {
        Match glibcxx = GlibcxxVersion().Match(detail);
        if (glibcxx.Success)
        {
            return $"the native library libLibTorchSharp.so needs {glibcxx.Value}, a newer C++ runtime (libstdc++ of GCC 13 or later) "
                + "than this system has, and this build output was not patched to accept the older one "
                + "(rebuild with 'dotnet build -c Release bench/Peers'; see bench/Peers/README.md).";
        }
        return $"libtorch could not be loaded ({reason}).";
    }

    private static IEnumerable<Exception> Chain(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            yield return x;
        }
    }

    [GeneratedRegex(@"GLIBCXX_[0-9]+(\.[0-9]+)*")]
    private static partial Regex GlibcxxVersion();
}

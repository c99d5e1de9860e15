using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using ChainRule.Sections;

namespace ChainRule;

/// <summary>Options, the five sections in order, and the output: text for people, or one JSON document for machines.</summary>
internal static class Walkthrough
{
    public const string Usage = """
        Usage: dotnet run --project samples/ChainRule [-- options]

        Reproduces the notebook "Understanding the chain rule" with DualGrad, section by section.

        Options:
          --section N   run only section N (1 to 5)
          --out DIR     write the plots into DIR (default: out)
          --no-plots    do not write plots
          --json        print every number as one JSON document instead of text
          --help        show this help

        Sections:
          1  Powell's function: value and gradient (forward, reverse, by hand, central differences in float64 and float32)
          2  Gradient descent (5 steps) and SGD with momentum (100 steps)
          3  The chain rule through x(z): Jacobian, two-step and one-step gradient
          4  Optimising z: gradient descent and SGD with momentum
          5  The exercises: sin(3x^2+1), sigmoid(u1 u2) with u = W x + b, tanh inside, a reverse-mode trace
        """;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    /// <summary>Runs the walkthrough with command-line <paramref name="args"/>; returns the exit code (2 for a usage error).</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        int? section = null;
        string? outDir = "out";
        var json = false;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--help" or "-h":
                    stdout.WriteLine(Usage);
                    return 0;
                case "--json":
                    json = true;
                    break;
                case "--no-plots":
                    outDir = null;
                    break;
                case "--out" when i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    outDir = args[++i];
                    break;
                case "--section" when i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 5:
                    section = n;
                    i++;
                    break;
                case "--out" or "--section":
                    return UsageError(stderr, $"{args[i]} needs a value{(args[i] == "--section" ? " from 1 to 5" : "")}.");
                default:
                    return UsageError(stderr, $"unknown option '{args[i]}'.");
            }
        }

        // The plot folder is made before any section runs: a folder that cannot be made would otherwise end the run
        // with an unhandled exception halfway, after the first section had printed.
        if (outDir is not null)
        {
            try
            {
                Directory.CreateDirectory(outDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return UsageError(stderr, $"cannot write plots into '{outDir}': {e.Message} (choose another folder with --out DIR, or --no-plots).");
            }
        }

        var context = new Context(json ? TextWriter.Null : stdout, outDir, new Report());
        Action<Context>[] sections = [PowellSection.Run, OptimiseSection.Run, ChainSection.Run, OptimiseZSection.Run, ExercisesSection.Run];
        var ran = 0;
        for (var k = 0; k < sections.Length; k++)
        {
            if (section is not null && section != k + 1) continue;
            if (ran++ > 0) context.Out.WriteLine();
            sections[k](context);
        }
        if (json) stdout.WriteLine(JsonSerializer.Serialize(context.Report, Json));
        return 0;
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message}");
        stderr.WriteLine("Run with --help to list the options.");
        return 2;
    }
}

/// <summary>What every section writes to: the text output, the plot folder (null: no plots) and the JSON report.</summary>
internal sealed record Context(TextWriter Out, string? PlotDir, Report Report)
{
    public void Title(int number, string title, string what)
    {
        Out.WriteLine($"=== {number}. {title} ===");
        Out.WriteLine(what);
        Out.WriteLine();
    }

    /// <summary>Draws a plot (unless plots are off) into the plot folder and says where it went.</summary>
    public void Plot(string fileName, Func<string, string> draw)
    {
        if (PlotDir is null) return;
        var path = draw(Path.Combine(PlotDir, fileName));
        Report.Plots.Add(path);
        Out.WriteLine($"plot written: {path}");
    }
}

/// <summary>Formatting shared by the sections (invariant culture: the same output on every machine).</summary>
internal static class Fmt
{
    public static string N(double x, string format = "G8") => x.ToString(format, CultureInfo.InvariantCulture);

    public static string V(IEnumerable<double> v, string format = "G8") => "[" + string.Join(", ", v.Select(e => N(e, format))) + "]";

    public static string V(IEnumerable<float> v, string format = "G8") => V(v.Select(e => (double)e), format);
}

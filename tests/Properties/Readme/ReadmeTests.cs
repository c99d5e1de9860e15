// The README is documentation that runs: each example in README.md is compiled here (ReadmeExamples.cs) and checked.
using System.Text.RegularExpressions;

namespace DualGrad.Properties.Readme;

public class ReadmeTests
{
    [Fact]
    public void Every_csharp_block_of_the_README_is_compiled_in_ReadmeExamples()
    {
        var root = RepositoryRoot();
        var readme = File.ReadAllText(Path.Combine(root, "README.md"));
        var examples = Normalise(File.ReadAllText(Path.Combine(root, "tests", "Properties", "Readme", "ReadmeExamples.cs")));
        var blocks = Regex.Matches(readme, "```csharp\\n(.*?)```", RegexOptions.Singleline).Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(blocks);
        foreach (var block in blocks)
            Assert.True(examples.Contains(Normalise(block), StringComparison.Ordinal), $"README block not found in ReadmeExamples.cs:\n{block}");
    }

    [Fact]
    public void Gradients_example_gives_the_notebook_numbers()
    {
        var (f, g, gForward, gNumeric, check) = ReadmeExamples.Gradients();
        Assert.Equal(215, f);
        // Small integers from exact arithmetic in both modes: equality, not closeness.
        Assert.Equal([306, -144, -18, -310], g);
        Assert.Equal([306, -144, -18, -310], gForward);
        // Central differences with h = 1e-3 carry truncation error h²|f'''|/6 ≈ 1e-4 here (REFERENCE: 306.00008 ...).
        for (var i = 0; i < 4; i++) Assert.Equal(g[i], gNumeric[i], 1e-3);
        Assert.True(check.Passed, check.ToString());
    }

    [Fact]
    public void Derivative_examples()
    {
        var (d, pc) = ReadmeExamples.Derivatives();
        // One rule application each for sin and the polynomial: within a few ulps of the closed form.
        Assert.Equal(12 * Math.Cos(13), d, 1e-13);
        Assert.Equal(1.0, pc);
    }

    [Fact]
    public void Chain_rule_example_gives_710_and_minus_1126_both_ways()
    {
        var (J, gradZ, oneStep) = ReadmeExamples.ChainRule();
        Assert.Equal(new double[,] { { 1, -1 }, { 2, 0 }, { 0, -2 }, { 1, 1 } }, J);
        Assert.Equal([710, -1126], gradZ);
        Assert.Equal([710, -1126], oneStep);
    }

    [Fact]
    public void Compiled_recording_example_gives_Powell_s_gradient_at_a_new_point()
    {
        var (f, g, loops, value, slope, gForward) = ReadmeExamples.Compiled();
        // Integers far below 2⁵³ all the way: exact. Powell's four terms are all different, so nothing rolls into a loop.
        Assert.Equal(5352, f);
        Assert.Equal([-1038, 2468, 4086, 1090], g);
        Assert.Equal(0, loops);
        // The chunked forward gradient: the same integers, exactly.
        Assert.Equal([-1038, 2468, 4086, 1090], gForward);
        // The tangent sweep along v = (1, 1, 0, 0): the same f, and ∇f·v, exact in integers too.
        Assert.Equal(5352, value);
        Assert.Equal(-1038 + 2468, slope);
    }

    [Fact]
    public void Custom_rule_example_gives_the_softmax_weights_without_overflow()
    {
        // σ(1) = 1/(1 + e⁻¹): the rule's e⁰/(e⁰ + e⁻¹) rounds within a few ulps of it in either mode.
        var s = 1 / (1 + Math.Exp(-1));
        var g = ReadmeExamples.CustomRule();
        Assert.Equal(s, g[0], 1e-15);
        Assert.Equal(1 - s, g[1], 1e-15);
    }

    [Fact]
    public void Optimiser_and_trace_examples_run()
    {
        var result = ReadmeExamples.Optimise();
        Assert.Equal(100, result.State.Iteration);
        Assert.True(result.Value < 215);
        var trace = ReadmeExamples.Trace();
        Assert.Equal([306, -144, -18, -310], trace.Gradient.ToArray());
    }

    private static string Normalise(string code) => Regex.Replace(code, "\\s+", " ").Trim();

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "DualGrad.sln"))) return dir.FullName;
        throw new InvalidOperationException("DualGrad.sln not found above the test binaries.");
    }
}

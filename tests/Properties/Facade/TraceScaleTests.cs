// Lesson: a narrated backward pass is still a backward pass, linear in the size of the graph. The trace used to find
// each step's input by searching all n inputs, and its table did the same per line (n × steps); now one node → input
// map serves both. Speed is not asserted here (timed unit tests are flaky): the test checks that every input of a
// large trace is found and named through the map.
using System.Numerics;

namespace DualGrad.Properties.Facade;

public class TraceScaleTests
{
    [Fact]
    public void Every_input_of_a_large_trace_is_found_and_named()
    {
        const int n = 5_000;
        var x = Enumerable.Range(0, n).Select(i => 1.0 + i % 7).ToArray();
        var trace = AD.Trace(new SumOfSquares(), x);
        var table = trace.ToString();
        // Σ xᵢ²: ∂/∂xᵢ = 2xᵢ exactly (one product and sums of exact small integers).
        for (var i = 0; i < n; i++) Assert.Equal(2 * x[i], trace.Gradient[i]);
        Assert.Contains($"x{n - 1} ", table);
    }

    [Fact]
    public void Every_input_line_names_its_input()
    {
        // The table's xᵢ labels come from the same map: x0 and x1 of (x + y)·y, at their own nodes.
        var trace = AD.Trace(new SumTimesY(), [2.0, 3.0]);
        var lines = trace.ToString().Split('\n');
        Assert.Contains(lines, l => l.TrimStart().StartsWith($"v{trace.Inputs[0]} ", StringComparison.Ordinal) && l.Contains(" x0 "));
        Assert.Contains(lines, l => l.TrimStart().StartsWith($"v{trace.Inputs[1]} ", StringComparison.Ordinal) && l.Contains(" x1 "));
    }

    private sealed class SumOfSquares : IScalarFunction
    {
        public T Invoke<T>(ReadOnlySpan<T> x) where T : IFloatingPointIeee754<T>
        {
            var sum = T.Zero;
            foreach (var v in x) sum += v * v;
            return sum;
        }
    }
}

// Lesson: a recording belongs to one gradient computation. The chain rule pulled back needs somewhere to keep the
// continuation (the tape); with no static mutable state, gradients taken on many threads at once never see each
// other's adjoints. Integer points make every expected gradient exact, so any interference shows up as an inequality.
using System.Collections.Concurrent;
using DualGrad.Properties.Notebook;
using DualGrad.Reverse;

namespace DualGrad.Properties.Reverse;

public sealed class ThreadingTests
{
    private const int Threads = 8;

    // ReverseMode's tape for one call rents its arrays from the shared pool, which hands them from call to call and
    // thread to thread: no gradient may depend on what a previous user left in them.
    [Fact]
    public void Eight_parallel_workers_get_exact_Powell_gradients()
    {
        var failures = new ConcurrentQueue<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Threads };
        Parallel.For(0, 20_000, options, i =>
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            var g = ReverseMode.Gradient<double>(NotebookFunctions.Powell, x);
            if (!g.AsSpan().SequenceEqual(ReverseTestFunctions.PowellGradientByHand(x)))
                failures.Enqueue($"i = {i}: ∇f({string.Join(", ", x)}) = [{string.Join(", ", g)}]");
        });
        Assert.Empty(failures);
    }

    // Eight dedicated threads released together by a barrier (Parallel.For may use fewer threads on a small machine),
    // each reusing one tape of its own for thousands of gradients: Tape.ValueAndGradient resets it each time.
    [Fact]
    public void Eight_threads_at_once_each_reusing_its_own_tape() =>
        PowellOnEightThreads(() =>
        {
            var tape = new Tape<double>();
            return (x, g) => tape.ValueAndGradient(NotebookFunctions.Powell, x, g);
        });

    // A Recording is immutable and shared; each thread replays it in its own workspace.
    [Fact]
    public void Eight_threads_replay_one_shared_recording()
    {
        var recording = Recording<double>.Record(NotebookFunctions.Powell, [3.0, -1, 0, 1]);
        PowellOnEightThreads(() =>
        {
            var workspace = recording.CreateWorkspace();
            return (x, g) => recording.ValueAndGradient(x, g, workspace);
        });
    }

    // Each thread makes its own gradient function (its tape, its workspace), then computes exact Powell gradients.
    private static void PowellOnEightThreads(Func<Func<double[], double[], double>> perThread)
    {
        var failures = new ConcurrentQueue<string>();
        using var start = new Barrier(Threads);
        var threads = Enumerable.Range(0, Threads).Select(t => new Thread(() =>
        {
            var valueAndGradient = perThread();
            var g = new double[4];
            start.SignalAndWait();
            for (var i = t; i < 40_000; i += Threads)
            {
                var x = ReverseTestFunctions.IntegerPoint(i);
                var value = valueAndGradient(x, g);
                if (value != NotebookFunctions.Powell<double>(x) || !g.AsSpan().SequenceEqual(ReverseTestFunctions.PowellGradientByHand(x)))
                    failures.Enqueue($"thread {t}, i = {i}: f = {value}, ∇f = [{string.Join(", ", g)}]");
            }
        })).ToList();
        threads.ForEach(th => th.Start());
        threads.ForEach(th => th.Join());
        Assert.Empty(failures);
    }

    // Nested gradients on many threads: reverse over reverse Hessians (exact at integer points) in parallel.
    [Fact]
    public void Parallel_nested_gradients_are_exact()
    {
        var failures = new ConcurrentQueue<string>();
        Parallel.For(0, 400, new ParallelOptions { MaxDegreeOfParallelism = Threads }, i =>
        {
            var x = ReverseTestFunctions.IntegerPoint(i);
            var h = NestingTests.HessianByReverseOverReverse(x);
            if (!h.Cast<double>().SequenceEqual(ReverseTestFunctions.PowellHessianByHand(x).Cast<double>()))
                failures.Enqueue($"i = {i}: wrong Hessian at ({string.Join(", ", x)})");
        });
        Assert.Empty(failures);
    }
}

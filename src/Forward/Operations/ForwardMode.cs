using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace DualGrad.Forward;

/// <summary>
/// Forward-mode operations: evaluate the function once per direction on dual numbers and read the tangents.
/// Cheap when there are few inputs (a gradient costs n passes, or ⌈n/k⌉ chunked passes); a Jacobian comes out column by column.
/// </summary>
/// <example><code>
/// double d = ForwardMode.Derivative(x => Dual&lt;double&gt;.Sin(3 * x * x + 1), 2.0);   // 12·cos 13
/// </code></example>
public static class ForwardMode
{
    /// <summary>The derivative f'(x) of f: ℝ → ℝ.</summary>
    /// <typeparam name="T">The scalar type (double, or a dual number when derivatives nest).</typeparam>
    /// <param name="f">The function, written on dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <returns>f'(x).</returns>
    public static T Derivative<T>(Func<Dual<T>, Dual<T>> f, T x) where T : IFloatingPointIeee754<T> =>
        ValueAndDerivative(f, x).Derivative;

    /// <summary>f(x) and f'(x) from one pass.</summary>
    /// <typeparam name="T">The scalar type.</typeparam>
    /// <param name="f">The function, written on dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <returns>The value and the derivative.</returns>
    public static (T Value, T Derivative) ValueAndDerivative<T>(Func<Dual<T>, Dual<T>> f, T x) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        var y = f(Dual<T>.Variable(x));
        return (y.Value, y.Tangent);
    }

    /// <summary>f''(x): forward over forward, on <c>Dual&lt;Dual&lt;T&gt;&gt;</c>.</summary>
    /// <typeparam name="T">The scalar type.</typeparam>
    /// <param name="f">The function, written on nested dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <returns>f''(x).</returns>
    public static T SecondDerivative<T>(Func<Dual<Dual<T>>, Dual<Dual<T>>> f, T x) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(f);
        // Seed both levels: x + ε₁ + ε₂; the ε₁ε₂ coefficient of f is f''(x).
        var y = f(new Dual<Dual<T>>(Dual<T>.Variable(x), Dual<T>.One));
        return y.Tangent.Tangent;
    }

    /// <summary>The directional derivative ∇f(x)·v of f: ℝⁿ → ℝ in one pass, with f(x).</summary>
    /// <param name="f">The function, written on dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <param name="v">The direction, same length as x.</param>
    /// <returns>f(x) and ∇f(x)·v.</returns>
    public static (double Value, double Derivative) DirectionalDerivative(ScalarFunc<Dual<double>> f, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        Guard.SameLength(x.Length, v.Length, nameof(v), "x");
        Dual<double>[]? rented = null;
        var seeded = x.Length <= StackLimit
            ? stackalloc Dual<double>[x.Length]
            : (rented = ArrayPool<Dual<double>>.Shared.Rent(x.Length)).AsSpan(0, x.Length);
        v = v[..x.Length];   // one length the JIT can see, so the seeding loop has no bounds checks
        for (var i = 0; i < seeded.Length; i++) seeded[i] = new(x[i], v[i]);
        var y = f(seeded);
        Return(rented);
        return (y.Value, y.Tangent);
    }

    /// <summary>The Jacobian-vector product J(x)·v of f: ℝⁿ → ℝᵐ in one pass; writes f(x) into <paramref name="y"/> and J·v into <paramref name="jv"/>.</summary>
    /// <param name="f">The function, written on dual numbers.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="v">The direction (length n).</param>
    /// <param name="y">Receives f(x) (length m).</param>
    /// <param name="jv">Receives J(x)·v (length m).</param>
    public static void Jvp(VectorFunc<Dual<double>> f, ReadOnlySpan<double> x, ReadOnlySpan<double> v, Span<double> y, Span<double> jv)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        Guard.SameLength(x.Length, v.Length, nameof(v), "x");
        Guard.SameLength(y.Length, jv.Length, nameof(jv), "y");
        Guard.Separate<double>(y, jv, nameof(jv), "y");
        Dual<double>[]? rentedInputs = null, rentedOutputs = null;
        var seeded = x.Length <= StackLimit
            ? stackalloc Dual<double>[x.Length]
            : (rentedInputs = ArrayPool<Dual<double>>.Shared.Rent(x.Length)).AsSpan(0, x.Length);
        for (var i = 0; i < x.Length; i++) seeded[i] = new(x[i], v[i]);
        var outputs = y.Length <= StackLimit
            ? stackalloc Dual<double>[y.Length]
            : (rentedOutputs = ArrayPool<Dual<double>>.Shared.Rent(y.Length)).AsSpan(0, y.Length);
        outputs.Clear();   // f sees what it did not write as 0, as with a fresh array
        f(seeded, outputs);
        for (var j = 0; j < outputs.Length; j++) (y[j], jv[j]) = outputs[j];
        Return(rentedInputs);
        Return(rentedOutputs);
    }

    /// <summary>The gradient of f: ℝⁿ → ℝ by n single-direction passes (the plain method; see <see cref="GradientChunked{TChunk}"/>).</summary>
    /// <param name="f">The function, written on dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives ∇f(x), same length as x.</param>
    /// <returns>f(x).</returns>
    public static double Gradient(ScalarFunc<Dual<double>> f, ReadOnlySpan<double> x, Span<double> gradient)
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        Guard.SameLength(x.Length, gradient.Length, nameof(gradient), "x");
        Guard.Separate(x, gradient, nameof(gradient), "x");
        Dual<double>[]? rented = null;
        var seeded = x.Length <= StackLimit
            ? stackalloc Dual<double>[x.Length]
            : (rented = ArrayPool<Dual<double>>.Shared.Rent(x.Length)).AsSpan(0, x.Length);
        for (var i = 0; i < x.Length; i++) seeded[i] = Dual<double>.Constant(x[i]);
        var value = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            seeded[i] = Dual<double>.Variable(x[i]);
            (value, gradient[i]) = f(seeded);
            seeded[i] = Dual<double>.Constant(x[i]);
        }
        Return(rented);
        return value;
    }

    /// <summary>The gradient of f: ℝⁿ → ℝ in ⌈n/k⌉ passes, each carrying k = <c>TChunk.Width</c> tangents.</summary>
    /// <typeparam name="TChunk">The chunk: <see cref="Chunk4"/> or <see cref="Chunk8"/>.</typeparam>
    /// <param name="f">The function, written on chunked dual numbers.</param>
    /// <param name="x">The point.</param>
    /// <param name="gradient">Receives ∇f(x), same length as x.</param>
    /// <returns>f(x).</returns>
    public static double GradientChunked<TChunk>(ScalarFunc<ChunkDual<TChunk>> f, ReadOnlySpan<double> x, Span<double> gradient)
        where TChunk : unmanaged, IChunk<TChunk>
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        Guard.SameLength(x.Length, gradient.Length, nameof(gradient), "x");
        Guard.Separate(x, gradient, nameof(gradient), "x");
        return GradientChunked<TChunk, DelegateChunkFunction<TChunk>>(new(f), x, gradient);
    }

    /// <summary>The chunked gradient for any function type, the arguments already checked: the delegate overload above
    /// and the facade (which calls a function type's generic Invoke without binding a delegate) share this one loop.</summary>
    // Left to the JIT's inlining choice on purpose: forced into the facade's entry point, with a struct function inlined
    // into it, Powell's gradient took twice as long (FacadeBenchmarks, 39 ns against 19).
    internal static double GradientChunked<TChunk, TFunction>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient)
        where TChunk : unmanaged, IChunk<TChunk>
        where TFunction : IChunkFunction<TChunk>
    {
        return x.Length <= TChunk.Width && x.Length <= SmallLimit
            ? GradientOnePass<TChunk, TFunction>(f, x, gradient)
            : GradientPasses<TChunk, TFunction>(f, x, gradient);
    }

    // ⌈n/k⌉ passes. Not inlined into GradientChunked: its stackalloc would give the one-pass path (Powell) a
    // stack-cookie check and a larger frame on every call.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static double GradientPasses<TChunk, TFunction>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient)
        where TChunk : unmanaged, IChunk<TChunk>
        where TFunction : IChunkFunction<TChunk>
    {
        var width = TChunk.Width;
        ChunkDual<TChunk>[]? rented = null;
        var seeded = x.Length <= StackLimit
            ? stackalloc ChunkDual<TChunk>[x.Length]
            : (rented = ArrayPool<ChunkDual<TChunk>>.Shared.Rent(x.Length)).AsSpan(0, x.Length);
        for (var i = 0; i < x.Length; i++) seeded[i] = ChunkDual<TChunk>.Constant(x[i]);
        Unsafe.SkipInit(out Lanes buffer);   // written by CopyTo before it is read
        Span<double> lanes = width <= SmallLimit ? buffer : new double[width];   // only a chunk wider than ours allocates
        var value = 0.0;
        for (var start = 0; start < x.Length; start += width)
        {
            var count = Math.Min(width, x.Length - start);
            for (var k = 0; k < count; k++) seeded[start + k] = ChunkDual<TChunk>.Variable(x[start + k], k);
            var y = f.Invoke(seeded);
            value = y.Value;
            if (count == width)
            {
                TChunk.CopyTo(y.Tangent, gradient.Slice(start, width));   // a whole chunk: one store
            }
            else
            {
                TChunk.CopyTo(y.Tangent, lanes);
                ((ReadOnlySpan<double>)lanes)[..count].CopyTo(gradient[start..]);
            }
            for (var k = 0; k < count; k++) seeded[start + k] = ChunkDual<TChunk>.Constant(x[start + k]);
        }
        Return(rented);
        return value;
    }

    // Every input fits in one chunk (Powell in Chunk4): seed each input once, one pass, nothing on the heap.
    // A fixed-size buffer rather than stackalloc of x.Length: the frame is laid out at compile time, no localloc.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double GradientOnePass<TChunk, TFunction>(TFunction f, ReadOnlySpan<double> x, Span<double> gradient)
        where TChunk : unmanaged, IChunk<TChunk>
        where TFunction : IChunkFunction<TChunk>
    {
        Unsafe.SkipInit(out SmallInputs<ChunkDual<TChunk>> buffer);   // every element used is seeded below
        Span<ChunkDual<TChunk>> seeded = buffer;
        seeded = seeded[..x.Length];
        for (var i = 0; i < seeded.Length; i++) seeded[i] = ChunkDual<TChunk>.Variable(x[i], i);
        var y = f.Invoke(seeded);
        if (gradient.Length == TChunk.Width)
        {
            TChunk.CopyTo(y.Tangent, gradient);
        }
        else
        {
            Unsafe.SkipInit(out Lanes lanes);   // x.Length < Width ≤ SmallLimit; written by CopyTo before it is read
            TChunk.CopyTo(y.Tangent, lanes);
            ((ReadOnlySpan<double>)lanes)[..gradient.Length].CopyTo(gradient);
        }
        return y.Value;
    }

    /// <summary>The m×n Jacobian of f: ℝⁿ → ℝᵐ, k columns per pass (forward mode builds it column by column).</summary>
    /// <typeparam name="TChunk">The chunk: <see cref="Chunk4"/> or <see cref="Chunk8"/>.</typeparam>
    /// <param name="f">The function, written on chunked dual numbers.</param>
    /// <param name="x">The point (length n).</param>
    /// <param name="m">The number of outputs.</param>
    /// <returns>The Jacobian, m rows and n columns: J[i, j] = ∂fᵢ/∂xⱼ.</returns>
    public static double[,] JacobianChunked<TChunk>(VectorFunc<ChunkDual<TChunk>> f, ReadOnlySpan<double> x, int m)
        where TChunk : unmanaged, IChunk<TChunk>
    {
        ArgumentNullException.ThrowIfNull(f);
        Guard.NotEmpty(x, nameof(x));
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(m);
        var seeded = new ChunkDual<TChunk>[x.Length];
        for (var i = 0; i < x.Length; i++) seeded[i] = ChunkDual<TChunk>.Constant(x[i]);
        var outputs = new ChunkDual<TChunk>[m];
        var jacobian = new double[m, x.Length];
        Span<double> lanes = stackalloc double[TChunk.Width];
        for (var start = 0; start < x.Length; start += TChunk.Width)
        {
            var end = Math.Min(start + TChunk.Width, x.Length);
            for (var i = start; i < end; i++) seeded[i] = ChunkDual<TChunk>.Variable(x[i], i - start);
            Array.Clear(outputs);   // every pass, as in Jvp: f sees what it did not write as 0, not the last pass's tangents
            f(seeded, outputs);
            for (var row = 0; row < m; row++)
            {
                TChunk.CopyTo(outputs[row].Tangent, lanes);
                for (var i = start; i < end; i++) jacobian[row, i] = lanes[i - start];
            }
            for (var i = start; i < end; i++) seeded[i] = ChunkDual<TChunk>.Constant(x[i]);
        }
        return jacobian;
    }

    // Inputs up to this many live on the stack; above it the buffer is rented from the shared pool, so no forward
    // derivative allocates once the pool is warm.
    private const int StackLimit = 128;

    // Not in a finally: if f throws, the array is simply not returned, which the pool allows (it allocates a new one later).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Return<T>(T[]? rented)
    {
        if (rented is not null) ArrayPool<T>.Shared.Return(rented);
    }

    // The widest chunk's lanes, and the inputs of a function that fits in one chunk: fixed-size stack buffers.
    private const int SmallLimit = 8;

    [InlineArray(SmallLimit)]
    private struct Lanes
    {
        private double _element;
    }

    [InlineArray(SmallLimit)]
    private struct SmallInputs<T>
    {
        private T _element;
    }
}

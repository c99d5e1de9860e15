using System.Diagnostics;

namespace DualGrad.ElfPatch;

/// <summary>Finds the copy of a shared library (by soname) that the system's dynamic loader would use.</summary>
internal static class SystemLibrary
{
    private static readonly string[] LdconfigCandidates = ["/sbin/ldconfig", "/usr/sbin/ldconfig"];

    // Used when ldconfig is missing or knows no such library: Debian/Ubuntu multiarch dirs first,
    // then the Fedora/Arch style dirs.
    private static readonly string[] FallbackDirectories =
    [
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu",
        "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib",
    ];

    /// <summary>
    /// The path of <paramref name="soname"/> for ELF machine <paramref name="machine"/>, from the
    /// <c>ldconfig -p</c> cache or else from the usual library directories; null if none is found.
    /// A candidate counts only if it is a 64-bit ELF for the same machine as the library being patched.
    /// </summary>
    public static string? Find(string soname, ushort machine)
    {
        foreach (string path in FromLdconfigCache(soname).Concat(FallbackDirectories.Select(d => Path.Combine(d, soname))))
        {
            if (File.Exists(path) && IsElf64For(path, machine))
            {
                return path;
            }
        }
        return null;
    }

    private static IEnumerable<string> FromLdconfigCache(string soname)
    {
        string? ldconfig = LdconfigCandidates.FirstOrDefault(File.Exists);
        if (ldconfig is null)
        {
            return [];
        }
        string output;
        try
        {
            var start = new ProcessStartInfo(ldconfig, "-p")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            using Process process = Process.Start(start) ?? throw new InvalidOperationException("ldconfig did not start");
            output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return [];
        }
        // Lines look like: "\tlibstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6"
        var paths = new List<string>();
        foreach (string line in output.Split('\n'))
        {
            string trimmed = line.Trim();
            int arrow = trimmed.IndexOf(" => ", StringComparison.Ordinal);
            int space = trimmed.IndexOf(' ', StringComparison.Ordinal);
            if (arrow > 0 && space > 0 && trimmed[..space] == soname)
            {
                paths.Add(trimmed[(arrow + 4)..].Trim());
            }
        }
        return paths;
    }

    private static bool IsElf64For(string path, ushort machine)
    {
        try
        {
            Span<byte> header = stackalloc byte[20];
            using FileStream stream = File.OpenRead(path);
            if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length)
            {
                return false;
            }
            return header[0] == 0x7f && header[1] == (byte)'E' && header[2] == (byte)'L' && header[3] == (byte)'F'
                && header[4] == 2 && header[5] == 1
                && System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header[0x12..]) == machine;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}

namespace DualGrad.ElfPatch;

/// <summary>
/// Marks one GNU symbol-version requirement of an ELF64 shared library as weak (sets
/// VER_FLG_WEAK in the vna_flags of its Vernaux entry in <c>.gnu.version_r</c>), so that the
/// dynamic loader accepts a C++ runtime that lacks that version.
/// </summary>
/// <remarks>
/// <para>
/// Why: TorchSharp 0.107.0 ships <c>libLibTorchSharp.so</c> built with GCC 13, so it needs
/// <c>GLIBCXX_3.4.32</c> from libstdc++. Older systems (Debian 12 has up to 3.4.30) refuse to load
/// it. The only symbol bound to that version is <c>std::ios_base_library_init()</c>, a link-time
/// marker GCC 13 emits for &lt;iostream&gt; users; no relocation refers to it, so the library never
/// needs it at run time. Marking the requirement weak turns the loader's hard error into nothing.
/// </para>
/// <para>
/// Safety: the tool refuses to patch unless every dynamic symbol bound to the version is in the
/// allowed list and no relocation refers to any of them; it checks that the section headers agree
/// with the DT_VERNEED entry the loader reads; it changes that one 16-bit field and nothing else;
/// it is idempotent; and it writes a new file and renames it over the old one, so the inode of a
/// hard-linked or shared copy (e.g. a package cache) is never modified.
/// </para>
/// </remarks>
internal static class Program
{
    private const string DefaultVersion = "GLIBCXX_3.4.32";
    private const string DefaultAllowedSymbol = "_ZSt21ios_base_library_initv";

    private const string Usage = """
        Usage: DualGrad.ElfPatch [options] <library.so>...
          Marks one GNU version requirement of each ELF64 library weak (VER_FLG_WEAK in .gnu.version_r).
          --version NAME          version requirement to weaken (default GLIBCXX_3.4.32)
          --allow-symbol NAME     a symbol that may be bound to that version; repeatable
                                  (default _ZSt21ios_base_library_initv, i.e. std::ios_base_library_init())
          --only-if-system-lacks  leave a file alone when the system copy of the library the version is
                                  needed from (found with ldconfig -p) already defines the version
          --system-lib PATH       use PATH as that system library instead of looking it up
          --dry-run               report what would be done, write nothing
          --inspect               list each file's version requirements and exit
        Exit codes: 0 patched, already weak or nothing to do; 1 refused or failed; 2 bad usage.
        """;

    private static int Main(string[] args)
    {
        Options? options = Options.Parse(args, out string? error);
        if (options is null && error is null)
        {
            Console.WriteLine(Usage);
            return 0;
        }
        if (options is null)
        {
            Console.Error.WriteLine(error);
            Console.Error.WriteLine(Usage);
            return 2;
        }

        int exitCode = 0;
        foreach (string file in options.Files)
        {
            try
            {
                exitCode = Math.Max(exitCode, options.Inspect ? Inspect(file) : Patch(file, options));
            }
            catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"ElfPatch: {file}: {e.Message}");
                exitCode = 1;
            }
        }
        return exitCode;
    }

    private static int Inspect(string file)
    {
        Elf64File elf = Elf64File.Parse(File.ReadAllBytes(file));
        Console.WriteLine($"{file}:");
        foreach (VersionNeed need in elf.ReadVersionNeeds())
        {
            string weak = (need.Flags & Elf64File.VerFlagWeak) != 0 ? " WEAK" : string.Empty;
            IReadOnlyList<string> symbols = elf.DynamicSymbolsBoundTo(need.VersionIndex);
            Console.WriteLine($"  {need.Library,-22} {need.Name,-16} index {need.VersionIndex,3} flags 0x{need.Flags:x}{weak}  ({symbols.Count} symbols)");
        }
        return 0;
    }

    private static int Patch(string file, Options options)
    {
        string label = $"ElfPatch: {Path.GetFileName(file)}";
        Elf64File elf = Elf64File.Parse(File.ReadAllBytes(file));

        List<VersionNeed> matches = elf.ReadVersionNeeds().Where(n => n.Name == options.Version).ToList();
        if (matches.Count == 0)
        {
            Console.WriteLine($"{label}: does not require {options.Version}; nothing to do.");
            return 0;
        }
        if (matches.Count > 1)
        {
            Console.Error.WriteLine($"{label}: {options.Version} is required from {matches.Count} libraries; refusing to guess.");
            return 1;
        }
        VersionNeed need = matches[0];
        if (need.Hash != Elf64File.ElfHash(need.Name))
        {
            Console.Error.WriteLine($"{label}: vna_hash of {need.Name} does not match its name; refusing to patch.");
            return 1;
        }
        if ((need.Flags & Elf64File.VerFlagWeak) != 0)
        {
            Console.WriteLine($"{label}: requirement {need.Name} from {need.Library} is already weak.");
            return 0;
        }

        if (options.OnlyIfSystemLacks)
        {
            string? system = options.SystemLibrary ?? SystemLibrary.Find(need.Library, elf.Machine);
            if (system is null)
            {
                Console.WriteLine($"{label}: no system {need.Library} found; weakening {need.Name} anyway.");
            }
            else if (Elf64File.Parse(File.ReadAllBytes(system)).ReadVersionDefinitions().Contains(need.Name))
            {
                Console.WriteLine($"{label}: {system} defines {need.Name}; library left as shipped.");
                return 0;
            }
            else
            {
                Console.WriteLine($"{label}: {system} lacks {need.Name}; weakening that requirement.");
            }
        }

        string? layoutError = elf.CheckLoaderSeesVersionNeeds();
        if (layoutError is not null)
        {
            Console.Error.WriteLine($"{label}: {layoutError}; refusing to patch.");
            return 1;
        }
        IReadOnlyList<string> bound = elf.DynamicSymbolsBoundTo(need.VersionIndex);
        List<string> unexpected = bound.Where(s => !options.AllowedSymbols.Contains(s)).ToList();
        if (unexpected.Count > 0)
        {
            Console.Error.WriteLine($"{label}: symbols other than the allowed ones are bound to {need.Name} ({string.Join(", ", unexpected)}); refusing to patch.");
            return 1;
        }
        IReadOnlyList<string> relocations = elf.RelocationsAgainst(need.VersionIndex);
        if (relocations.Count > 0)
        {
            Console.Error.WriteLine($"{label}: relocations refer to symbols bound to {need.Name} ({string.Join(", ", relocations)}); it is used at run time, refusing to patch.");
            return 1;
        }

        if (options.DryRun)
        {
            Console.WriteLine($"{label}: would mark {need.Name} weak (symbols: {string.Join(", ", bound)}); dry run, nothing written.");
            return 0;
        }
        elf.SetFlags(need, (ushort)(need.Flags | Elf64File.VerFlagWeak));
        WriteReplacing(file, elf.Bytes);
        Console.WriteLine($"{label}: marked {need.Name} (needed from {need.Library}; symbols: {string.Join(", ", bound)}) weak.");
        return 0;
    }

    /// <summary>Writes a sibling temp file, keeps the mode bits, and renames it over <paramref name="file"/>.</summary>
    private static void WriteReplacing(string file, ReadOnlySpan<byte> bytes)
    {
        string full = Path.GetFullPath(file);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.elfpatch");
        try
        {
            using (FileStream stream = new(temp, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(bytes);
            }
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, File.GetUnixFileMode(full));
            }
            File.Move(temp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    private sealed class Options
    {
        public string Version { get; private set; } = DefaultVersion;
        public HashSet<string> AllowedSymbols { get; } = new(StringComparer.Ordinal);
        public bool OnlyIfSystemLacks { get; private set; }
        public string? SystemLibrary { get; private set; }
        public bool DryRun { get; private set; }
        public bool Inspect { get; private set; }
        public List<string> Files { get; } = [];

        public static Options? Parse(string[] args, out string? error)
        {
            var o = new Options();
            error = null;
            for (int i = 0; i < args.Length; i++)
            {
                string a = args[i];
                string? Value()
                {
                    if (i + 1 < args.Length)
                    {
                        return args[++i];
                    }
                    return null;
                }
                switch (a)
                {
                    case "--version":
                        o.Version = Value() ?? string.Empty;
                        break;
                    case "--allow-symbol":
                        o.AllowedSymbols.Add(Value() ?? string.Empty);
                        break;
                    case "--only-if-system-lacks":
                        o.OnlyIfSystemLacks = true;
                        break;
                    case "--system-lib":
                        o.SystemLibrary = Value();
                        break;
                    case "--dry-run":
                        o.DryRun = true;
                        break;
                    case "--inspect":
                        o.Inspect = true;
                        break;
                    case "-h" or "--help":
                        return null;
                    default:
                        if (a.StartsWith("--", StringComparison.Ordinal))
                        {
                            error = $"unknown option {a}";
                            return null;
                        }
                        o.Files.Add(a);
                        break;
                }
            }
            if (o.Version.Length == 0 || o.AllowedSymbols.Contains(string.Empty) || (args.Contains("--system-lib") && o.SystemLibrary is null))
            {
                error = "an option is missing its value";
                return null;
            }
            if (o.Files.Count == 0)
            {
                error = "no library given";
                return null;
            }
            if (o.AllowedSymbols.Count == 0)
            {
                o.AllowedSymbols.Add(DefaultAllowedSymbol);
            }
            return o;
        }
    }
}

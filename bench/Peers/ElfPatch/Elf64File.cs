using System.Buffers.Binary;
using System.Text;

namespace DualGrad.ElfPatch;

/// <summary>One section header of an ELF64 file (the fields this tool needs).</summary>
/// <param name="Index">Position in the section header table.</param>
/// <param name="Name">Name from the section-header string table, e.g. <c>.gnu.version_r</c>.</param>
/// <param name="Type">sh_type.</param>
/// <param name="Address">sh_addr: where the section is mapped at run time.</param>
/// <param name="Offset">sh_offset: where the section's bytes are in the file.</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="Link">sh_link: for symbol and version tables, the index of their string table.</param>
/// <param name="Info">sh_info: for version tables, the number of entries.</param>
/// <param name="EntrySize">sh_entsize: size of one entry for table sections.</param>
internal sealed record ElfSection(
    int Index, string Name, uint Type, ulong Address, ulong Offset, ulong Size, uint Link, uint Info, ulong EntrySize);

/// <summary>One Vernaux entry of <c>.gnu.version_r</c>: a version needed from one library.</summary>
/// <param name="Library">vn_file of the owning Verneed entry, e.g. <c>libstdc++.so.6</c>.</param>
/// <param name="Name">vna_name, e.g. <c>GLIBCXX_3.4.32</c>.</param>
/// <param name="Hash">vna_hash (the SysV ELF hash of <paramref name="Name"/>).</param>
/// <param name="Flags">vna_flags; <see cref="Elf64File.VerFlagWeak"/> marks the requirement weak.</param>
/// <param name="VersionIndex">vna_other: the index that <c>.gnu.version</c> uses for symbols bound to this version.</param>
/// <param name="FlagsFileOffset">File offset of the two-byte vna_flags field.</param>
internal sealed record VersionNeed(
    string Library, string Name, uint Hash, ushort Flags, ushort VersionIndex, long FlagsFileOffset);

/// <summary>
/// A little-endian ELF64 file held in memory, parsed from its headers the way <c>readelf</c> does:
/// ELF header, program headers (to cross-check what the dynamic loader reads), section headers
/// with their names, and the GNU symbol-versioning tables. Reading never changes the bytes;
/// <see cref="SetFlags"/> is the only mutator.
/// </summary>
internal sealed class Elf64File
{
    /// <summary>SHT_RELA.</summary>
    public const uint ShtRela = 4;
    /// <summary>SHT_REL.</summary>
    public const uint ShtRel = 9;
    /// <summary>SHT_DYNSYM.</summary>
    public const uint ShtDynsym = 11;
    /// <summary>SHT_GNU_verdef (<c>.gnu.version_d</c>): versions a library defines.</summary>
    public const uint ShtGnuVerdef = 0x6ffffffd;
    /// <summary>SHT_GNU_verneed (<c>.gnu.version_r</c>): versions a library needs from others.</summary>
    public const uint ShtGnuVerneed = 0x6ffffffe;
    /// <summary>SHT_GNU_versym (<c>.gnu.version</c>): one version index per dynamic symbol.</summary>
    public const uint ShtGnuVersym = 0x6fffffff;
    /// <summary>VER_FLG_WEAK: a missing version is then not an error for the dynamic loader.</summary>
    public const ushort VerFlagWeak = 0x2;

    private const uint PtLoad = 1;
    private const uint PtDynamic = 2;
    private const long DtNull = 0;
    private const long DtVerneed = 0x6ffffffe;
    private const ushort ShnXindex = 0xffff;

    private readonly byte[] _bytes;

    private Elf64File(byte[] bytes)
    {
        _bytes = bytes;
        Machine = U16(0x12);
        Sections = ReadSections();
    }

    /// <summary>The file's bytes (patched in place by <see cref="SetFlags"/>).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>e_machine, e.g. 62 for x86-64, 183 for AArch64.</summary>
    public ushort Machine { get; }

    /// <summary>All section headers, in table order.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Parses <paramref name="bytes"/>; throws <see cref="InvalidDataException"/> if it is not a little-endian ELF64 file.</summary>
    public static Elf64File Parse(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[1] != (byte)'E' || bytes[2] != (byte)'L' || bytes[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }
        if (bytes[4] != 2)
        {
            throw new InvalidDataException("not a 64-bit ELF file (EI_CLASS != ELFCLASS64)");
        }
        if (bytes[5] != 1)
        {
            throw new InvalidDataException("not a little-endian ELF file (EI_DATA != ELFDATA2LSB)");
        }
        return new Elf64File(bytes);
    }

    /// <summary>Every Vernaux entry of <c>.gnu.version_r</c>, with the library that each is needed from.</summary>
    public IReadOnlyList<VersionNeed> ReadVersionNeeds()
    {
        var result = new List<VersionNeed>();
        ElfSection? section = Sections.SingleOrDefault(s => s.Type == ShtGnuVerneed);
        if (section is null)
        {
            return result;
        }
        ElfSection strings = SectionAt((int)section.Link);
        long entry = checked((long)section.Offset);
        long end = checked(entry + (long)section.Size);
        for (uint i = 0; i < section.Info; i++)
        {
            RequireWithin(entry, 16, end, "Verneed entry");
            ushort auxCount = U16(entry + 2);
            string library = StringAt(strings, U32(entry + 4));
            long aux = entry + U32(entry + 8);
            for (int j = 0; j < auxCount; j++)
            {
                RequireWithin(aux, 16, end, "Vernaux entry");
                result.Add(new VersionNeed(
                    Library: library,
                    Name: StringAt(strings, U32(aux + 8)),
                    Hash: U32(aux),
                    Flags: U16(aux + 4),
                    VersionIndex: U16(aux + 6),
                    FlagsFileOffset: aux + 4));
                aux += U32(aux + 12);
            }
            uint next = U32(entry + 12);
            if (next == 0)
            {
                break;
            }
            entry += next;
        }
        return result;
    }

    /// <summary>Version names a library defines in <c>.gnu.version_d</c> (its own soname included).</summary>
    public IReadOnlyList<string> ReadVersionDefinitions()
    {
        var result = new List<string>();
        ElfSection? section = Sections.SingleOrDefault(s => s.Type == ShtGnuVerdef);
        if (section is null)
        {
            return result;
        }
        ElfSection strings = SectionAt((int)section.Link);
        long entry = checked((long)section.Offset);
        long end = checked(entry + (long)section.Size);
        for (uint i = 0; i < section.Info; i++)
        {
            RequireWithin(entry, 20, end, "Verdef entry");
            if (U16(entry + 6) > 0)
            {
                long aux = entry + U32(entry + 12);
                RequireWithin(aux, 8, end, "Verdaux entry");
                result.Add(StringAt(strings, U32(aux)));
            }
            uint next = U32(entry + 16);
            if (next == 0)
            {
                break;
            }
            entry += next;
        }
        return result;
    }

    /// <summary>Names of the dynamic symbols whose <c>.gnu.version</c> index is <paramref name="versionIndex"/>.</summary>
    public IReadOnlyList<string> DynamicSymbolsBoundTo(ushort versionIndex) =>
        DynamicSymbolIndicesBoundTo(versionIndex).Select(DynamicSymbolName).ToList();

    /// <summary>
    /// Relocations (in any REL/RELA section over <c>.dynsym</c>) that refer to a symbol bound to
    /// <paramref name="versionIndex"/>, as "section: symbol" strings. Empty means the loader never
    /// has to resolve such a symbol: nothing in the library refers to it.
    /// </summary>
    public IReadOnlyList<string> RelocationsAgainst(ushort versionIndex)
    {
        var bound = DynamicSymbolIndicesBoundTo(versionIndex).ToHashSet();
        var result = new List<string>();
        ElfSection? dynsym = Sections.SingleOrDefault(s => s.Type == ShtDynsym);
        if (dynsym is null || bound.Count == 0)
        {
            return result;
        }
        foreach (ElfSection rel in Sections.Where(s => (s.Type == ShtRela || s.Type == ShtRel) && s.Link == dynsym.Index))
        {
            long entrySize = rel.Type == ShtRela ? 24 : 16;
            long start = checked((long)rel.Offset);
            long end = checked(start + (long)rel.Size);
            for (long at = start; at + entrySize <= end; at += entrySize)
            {
                int symbol = (int)(U64(at + 8) >> 32);
                if (bound.Contains(symbol))
                {
                    result.Add($"{rel.Name}: {DynamicSymbolName(symbol)}");
                }
            }
        }
        return result;
    }

    /// <summary>
    /// Checks that the <c>.gnu.version_r</c> section the section headers describe is the table the
    /// dynamic loader uses, i.e. that DT_VERNEED in the dynamic segment maps (through a PT_LOAD
    /// program header) to the same file offset. Returns an error message, or null if they agree.
    /// </summary>
    public string? CheckLoaderSeesVersionNeeds()
    {
        ElfSection? section = Sections.SingleOrDefault(s => s.Type == ShtGnuVerneed);
        if (section is null)
        {
            return "no .gnu.version_r section";
        }
        long phoff = checked((long)U64(0x20));
        ushort phentsize = U16(0x36);
        ushort phnum = U16(0x38);
        var headers = new List<(uint Type, ulong Offset, ulong Vaddr, ulong FileSize)>();
        for (int i = 0; i < phnum; i++)
        {
            long at = phoff + ((long)i * phentsize);
            headers.Add((U32(at), U64(at + 8), U64(at + 16), U64(at + 32)));
        }
        var dynamic = headers.Where(h => h.Type == PtDynamic).ToList();
        if (dynamic.Count != 1)
        {
            return "no PT_DYNAMIC program header";
        }
        ulong? verneed = null;
        long dynEnd = checked((long)(dynamic[0].Offset + dynamic[0].FileSize));
        for (long at = (long)dynamic[0].Offset; at + 16 <= dynEnd; at += 16)
        {
            long tag = (long)U64(at);
            if (tag == DtNull)
            {
                break;
            }
            if (tag == DtVerneed)
            {
                verneed = U64(at + 8);
            }
        }
        if (verneed is not ulong address)
        {
            return "the dynamic segment has no DT_VERNEED entry";
        }
        if (address != section.Address)
        {
            return $"DT_VERNEED (0x{address:x}) differs from the .gnu.version_r address (0x{section.Address:x})";
        }
        foreach (var h in headers.Where(h => h.Type == PtLoad))
        {
            if (address >= h.Vaddr && address < h.Vaddr + h.FileSize)
            {
                ulong fileOffset = address - h.Vaddr + h.Offset;
                return fileOffset == section.Offset
                    ? null
                    : $"DT_VERNEED maps to file offset 0x{fileOffset:x}, .gnu.version_r is at 0x{section.Offset:x}";
            }
        }
        return "DT_VERNEED lies in no PT_LOAD segment";
    }

    /// <summary>Overwrites the vna_flags field of <paramref name="need"/> in the in-memory bytes.</summary>
    public void SetFlags(VersionNeed need, ushort flags)
    {
        ArgumentNullException.ThrowIfNull(need);
        RequireWithin(need.FlagsFileOffset, 2, _bytes.Length, "vna_flags");
        BinaryPrimitives.WriteUInt16LittleEndian(_bytes.AsSpan((int)need.FlagsFileOffset, 2), flags);
    }

    /// <summary>The SysV ELF hash (used by vna_hash and vd_hash).</summary>
    public static uint ElfHash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        uint h = 0;
        foreach (byte c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            uint g = h & 0xf0000000;
            if (g != 0)
            {
                h ^= g >> 24;
            }
            h &= ~g;
        }
        return h;
    }

    private IEnumerable<int> DynamicSymbolIndicesBoundTo(ushort versionIndex)
    {
        ElfSection? versym = Sections.SingleOrDefault(s => s.Type == ShtGnuVersym);
        if (versym is null)
        {
            yield break;
        }
        long count = (long)versym.Size / 2;
        for (int i = 0; i < count; i++)
        {
            // Bit 15 is the "hidden" bit; the low 15 bits are the version index.
            if ((U16((long)versym.Offset + (2L * i)) & 0x7fff) == versionIndex)
            {
                yield return i;
            }
        }
    }

    private string DynamicSymbolName(int index)
    {
        ElfSection dynsym = Sections.Single(s => s.Type == ShtDynsym);
        long entrySize = dynsym.EntrySize == 0 ? 24 : (long)dynsym.EntrySize;
        long at = (long)dynsym.Offset + (index * entrySize);
        RequireWithin(at, 24, (long)(dynsym.Offset + dynsym.Size), "symbol");
        return StringAt(SectionAt((int)dynsym.Link), U32(at));
    }

    private List<ElfSection> ReadSections()
    {
        long shoff = checked((long)U64(0x28));
        ushort shentsize = U16(0x3a);
        long shnum = U16(0x3c);
        long shstrndx = U16(0x3e);
        if (shoff == 0)
        {
            throw new InvalidDataException("the file has no section header table");
        }
        if (shentsize < 64)
        {
            throw new InvalidDataException($"unexpected section header size {shentsize}");
        }
        // Extended numbering: the real count / string-table index live in section 0.
        if (shnum == 0)
        {
            shnum = checked((long)U64(shoff + 32));
        }
        if (shstrndx == ShnXindex)
        {
            shstrndx = U32(shoff + 40);
        }
        RequireWithin(shoff, checked(shnum * shentsize), _bytes.Length, "section header table");

        var raw = new List<(uint NameOffset, ElfSection Section)>();
        for (int i = 0; i < shnum; i++)
        {
            long at = shoff + ((long)i * shentsize);
            raw.Add((U32(at), new ElfSection(
                Index: i, Name: string.Empty, Type: U32(at + 4), Address: U64(at + 16), Offset: U64(at + 24),
                Size: U64(at + 32), Link: U32(at + 40), Info: U32(at + 44), EntrySize: U64(at + 56))));
        }
        if (shstrndx >= raw.Count)
        {
            throw new InvalidDataException("section-name string table index out of range");
        }
        ElfSection names = raw[(int)shstrndx].Section;
        return raw.Select(r => r.Section with { Name = StringAt(names, r.NameOffset) }).ToList();
    }

    private ElfSection SectionAt(int index) =>
        index >= 0 && index < Sections.Count
            ? Sections[index]
            : throw new InvalidDataException($"section index {index} out of range");

    private string StringAt(ElfSection table, uint offset)
    {
        if (offset >= table.Size)
        {
            throw new InvalidDataException($"string offset {offset} outside {table.Name}");
        }
        long start = checked((long)table.Offset + offset);
        long limit = checked((long)(table.Offset + table.Size));
        RequireWithin(start, limit - start, _bytes.Length, table.Name);
        int length = Array.IndexOf(_bytes, (byte)0, (int)start, (int)(limit - start)) - (int)start;
        if (length < 0)
        {
            throw new InvalidDataException($"unterminated string in {table.Name}");
        }
        return Encoding.ASCII.GetString(_bytes, (int)start, length);
    }

    private ushort U16(long at)
    {
        RequireWithin(at, 2, _bytes.Length, "field");
        return BinaryPrimitives.ReadUInt16LittleEndian(_bytes.AsSpan((int)at, 2));
    }

    private uint U32(long at)
    {
        RequireWithin(at, 4, _bytes.Length, "field");
        return BinaryPrimitives.ReadUInt32LittleEndian(_bytes.AsSpan((int)at, 4));
    }

    private ulong U64(long at)
    {
        RequireWithin(at, 8, _bytes.Length, "field");
        return BinaryPrimitives.ReadUInt64LittleEndian(_bytes.AsSpan((int)at, 8));
    }

    private static void RequireWithin(long at, long length, long end, string what)
    {
        if (at < 0 || length < 0 || at > end - length)
        {
            throw new InvalidDataException($"{what} at 0x{at:x} runs past its bounds (truncated or malformed file)");
        }
    }
}

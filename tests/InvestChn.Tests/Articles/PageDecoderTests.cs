using System.Text;
using InvestChn.Articles;

namespace InvestChn.Tests.Articles;

public class PageDecoderTests
{
    // 镕 and 堃 are in GBK (and GB18030) but not in GB2312: pages labelled gb2312 carry them anyway.
    private const string Text = "朱镕基与王堃考察园区，“招商引资”取得新进展。";

    [Fact]
    public void TryDecode_Gb18030BytesLabelledGb2312_DecodesGbkOnlyCharacters()
    {
        var bytes = PageDecoder.Gb18030.GetBytes($"<html><head><meta charset=\"gb2312\"></head><body>{Text}</body></html>");

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Contains(Text, text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Gb18030WithoutDeclaration_IsDetected()
    {
        var bytes = PageDecoder.Gb18030.GetBytes(Text);

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Equal(Text, text);
    }

    [Fact]
    public void TryDecode_Utf8LabelledGb2312_TrustsTheBytes()
    {
        var bytes = Encoding.UTF8.GetBytes($"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><p>{Text}</p>");

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Contains(Text, text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Gb18030LabelledUtf8_FallsBackToGb18030()
    {
        var bytes = PageDecoder.Gb18030.GetBytes($"<meta charset=\"utf-8\"><p>{Text}</p>");

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Contains(Text, text, StringComparison.Ordinal);
    }

    [Fact]
    public void TryDecode_Utf8Bom_IsRemoved()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Text)];

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Equal(Text, text);
    }

    [Fact]
    public void TryDecode_Utf16WithBom_IsDecoded()
    {
        byte[] bytes = [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(Text)];

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Equal(Text, text);
    }

    [Fact]
    public void TryDecode_FourByteGb18030Sequence_Decodes()
    {
        // U+20BB7 (𠮷) needs a four-byte GB18030 sequence and a surrogate pair in .NET.
        const string rare = "𠮷野家在园区开设新店。";
        var bytes = PageDecoder.Gb18030.GetBytes(rare);

        Assert.True(PageDecoder.TryDecode(bytes, out var text, out _));
        Assert.Equal(rare, text);
    }
}

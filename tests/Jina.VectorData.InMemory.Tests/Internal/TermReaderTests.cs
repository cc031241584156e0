using Jina.VectorData.InMemory.Internal;

namespace Jina.VectorData.InMemory.Tests.Internal;

public sealed class TermReaderTests
{
    [Theory]
    [InlineData("Why is my Lightsaber's blade flickering? (3.5 V)", "why|is|my|lightsaber|s|blade|flickering|3|5|v")]
    [InlineData("Café Ñandú — Привет, ΣΟΦΙΑ!", "café|ñandú|привет|σοφια")]
    [InlineData("नमस्ते दुनिया", "नमस्ते|दुनिया")]
    [InlineData("ＬＥＤ３号，ＯＫ！", "led3|号|ok")]
    [InlineData("  \t\n...!?", "")]
    public void MoveNext_SpaceSeparatedScripts_GivesLowerCasedWords(string text, string expected)
        => Assert.Equal(expected, string.Join('|', Terms(text)));

    [Theory]
    [InlineData("光剑太暗了", "光|光剑|剑|剑太|太|太暗|暗|暗了|了")]
    [InlineData("力量与你同在。永远。", "力|力量|量|量与|与|与你|你|你同|同|同在|在|永|永远|远")]
    [InlineData("更换LED灯", "更|更换|换|led|灯")]
    [InlineData("暗", "暗")]
    [InlineData("フォースと共に", "フ|フォ|ォ|ォー|ー|ース|ス|スと|と|と共|共|共に|に")]
    [InlineData("광선검 색상", "광|광선|선|선검|검|색|색상|상")]
    [InlineData("\U00020000\U00020001", "\U00020000|\U00020000\U00020001|\U00020001")]
    public void MoveNext_ScriptsWithoutSpaces_GivesUnigramsAndBigrams(string text, string expected)
        => Assert.Equal(expected, string.Join('|', Terms(text)));

    [Fact]
    public void MoveNext_VeryLongWord_IsCutAtTheMaximumLength()
    {
        var word = new string('a', 200);

        var terms = Terms(word + " b");

        Assert.Equal([new string('a', TermReader.MaxTermLength), "b"], terms);
    }

    [Fact]
    public void MoveNext_LoneSurrogate_IsASeparator()
        => Assert.Equal(["ab", "cd"], Terms("ab\uD800cd"));

    internal static List<string> Terms(string text)
    {
        var terms = new List<string>();
        var reader = new TermReader(text, stackalloc char[TermReader.MaxTermLength]);
        while (reader.MoveNext())
        {
            terms.Add(reader.Current.ToString());
        }

        return terms;
    }
}

using Pipeline.Domain.Companies;

namespace Pipeline.Domain.Tests;

public class CreditCodeTests
{
    [Theory]
    [InlineData("91350100M000100Y43")]
    [InlineData("91110000802100433B")]
    [InlineData("91440300708461136T")]
    public void Problem_PublishedValidCode_None(string code) => Assert.Null(CreditCode.Problem(code));

    [Fact]
    public void Normalize_LowerCaseWithSpaces_BecomesValidCode() =>
        Assert.True(CreditCode.IsValid(CreditCode.Normalize("  91350100m000100y43 ")));

    [Theory]
    [InlineData("91350100M000100Y44", "“3”")]
    [InlineData("91110000802100433C", "“B”")]
    public void Problem_WrongCheckCharacter_NamesTheExpectedOne(string code, string expected)
    {
        var problem = CreditCode.Problem(code);

        Assert.NotNull(problem);
        Assert.Contains("校验位", problem);
        Assert.Contains(expected, problem);
    }

    [Theory]
    [InlineData("91350100M000100Y4")]
    [InlineData("91350100M000100Y433")]
    [InlineData("")]
    public void Problem_WrongLength_SaysHowManyCharacters(string code) =>
        Assert.Contains("为 18 位", CreditCode.Problem(code));

    [Theory]
    [InlineData('I')]
    [InlineData('O')]
    [InlineData('S')]
    [InlineData('V')]
    [InlineData('Z')]
    public void Problem_IllegalLetter_Refused(char letter)
    {
        var code = "91350100M000100" + letter + "43";

        Assert.Contains($"第 16 位字符“{letter}”无效", CreditCode.Problem(code));
    }

    [Fact]
    public void CheckCharacter_WeightedSumDivisibleBy31_IsZero()
    {
        // All zeros: the weighted sum is 0, and 31 - 0 = 31 maps back to '0'.
        Assert.Equal('0', CreditCode.CheckCharacter("00000000000000000"));
    }
}

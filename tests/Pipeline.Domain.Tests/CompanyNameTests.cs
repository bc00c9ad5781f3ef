using Pipeline.Domain.Companies;

namespace Pipeline.Domain.Tests;

public class CompanyNameTests
{
    [Theory]
    [InlineData("江苏恒瑞医药股份有限公司", "江苏恒瑞医药有限公司")]
    [InlineData("江苏恒瑞医药有限公司", "江苏恒瑞医药")]
    [InlineData("ＡＢＣ科技有限公司", "ABC科技")]
    [InlineData(" abc 科技（苏州）有限公司 ", "ABC科技(苏州)")]
    [InlineData("Suzhou Nano Co., Ltd.", "suzhou nano")]
    public void Key_SameCompanyWrittenDifferently_Equal(string one, string other) =>
        Assert.Equal(CompanyName.Key(one), CompanyName.Key(other));

    [Fact]
    public void Key_DifferentCompanies_Differ() =>
        Assert.NotEqual(CompanyName.Key("江苏恒瑞医药有限公司"), CompanyName.Key("江苏恒瑞新材料有限公司"));

    [Fact]
    public void Key_NameThatIsOnlyASuffix_KeptRatherThanEmptied() =>
        Assert.Equal("公司", CompanyName.Key("公司"));
}

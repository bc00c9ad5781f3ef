namespace Pipeline.Domain.Tests;

public class QuantitiesTests
{
    [Theory]
    [InlineData("12345.67")]
    [InlineData("33.333")]
    [InlineData("0.0001")]
    [InlineData("999999999999.9999")]
    public void ToStoredAndBack_FourDecimals_RoundTripsExactly(string text)
    {
        var value = decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

        Assert.Equal(value, Quantities.FromStored(Quantities.ToStored(value)));
    }

    [Fact]
    public void Problem_FiveDecimals_Refused() => Assert.Equal("最多 4 位小数。", Quantities.Problem(1.00001m));

    [CulturedFact(["en"])]
    public void Problem_EnglishCulture_InEnglish() => Assert.Equal("At most 4 decimal places.", Quantities.Problem(1.00001m));

    [Fact]
    public void Problem_Zero_RefusedUnlessAllowed()
    {
        Assert.NotNull(Quantities.Problem(0m));
        Assert.Null(Quantities.Problem(0m, allowZero: true));
    }

    [Fact]
    public void Problem_Negative_Refused() => Assert.NotNull(Quantities.Problem(-1m, allowZero: true));
}

import { describe, expect, it } from "vitest";
import { amountInWords, numberInWords, russianPlural } from "./amount-words";

describe("numbers in Russian words", () => {
  it.each([
    [0n, "ноль"],
    [1n, "один"],
    [11n, "одиннадцать"],
    [21n, "двадцать один"],
    [100n, "сто"],
    [1000n, "одна тысяча"],
    [2000n, "две тысячи"],
    [5000n, "пять тысяч"],
    [11_000n, "одиннадцать тысяч"],
    [21_000n, "двадцать одна тысяча"],
    [122_000n, "сто двадцать две тысячи"],
    [1_000_000n, "один миллион"],
    [2_345_678n, "два миллиона триста сорок пять тысяч шестьсот семьдесят восемь"],
    [5_000_000_000n, "пять миллиардов"],
  ])("%s = %s", (n, words) => expect(numberInWords(n, "ru")).toBe(words));

  it("chooses the plural form by the last two digits", () => {
    expect([1n, 2n, 4n, 5n, 11n, 12n, 14n, 21n, 22n, 25n, 111n, 101n].map(russianPlural)).toEqual([0, 1, 1, 2, 2, 2, 2, 0, 1, 2, 2, 0]);
  });
});

describe("numbers in Kyrgyz words", () => {
  it.each([
    [0n, "нөл"],
    [7n, "жети"],
    [16n, "он алты"],
    [40n, "кырк"],
    [100n, "жүз"],
    [250n, "эки жүз элүү"],
    [1000n, "бир миң"],
    [150_000n, "жүз элүү миң"],
    [2_600_000n, "эки миллион алты жүз миң"],
    [1_000_001n, "бир миллион бир"],
  ])("%s = %s", (n, words) => expect(numberInWords(n, "ky")).toBe(words));
});

describe("numbers in English words", () => {
  it.each([
    [0n, "zero"],
    [15n, "fifteen"],
    [40n, "forty"],
    [99n, "ninety-nine"],
    [101n, "one hundred one"],
    [150_000n, "one hundred fifty thousand"],
    [1_002_003n, "one million two thousand three"],
  ])("%s = %s", (n, words) => expect(numberInWords(n, "en")).toBe(words));
});

describe("amounts in words as printed on letters", () => {
  it("writes the som in words and the tyiyn in digits, with the right forms", () => {
    expect(amountInWords(150_000_00n, "ru")).toBe("Сто пятьдесят тысяч сомов 00 тыйынов");
    expect(amountInWords(150_000_00n, "ky")).toBe("Жүз элүү миң сом 00 тыйын");
    expect(amountInWords(150_000_00n, "en")).toBe("One hundred fifty thousand som 00 tyiyn");
    expect(amountInWords(1_01n, "ru")).toBe("Один сом 01 тыйын");
    expect(amountInWords(3_22n, "ru")).toBe("Три сома 22 тыйына");
    expect(amountInWords(21_000_05n, "ru")).toBe("Двадцать одна тысяча сомов 05 тыйынов");
    expect(amountInWords(99n, "ky")).toBe("Нөл сом 99 тыйын");
  });

  it("refuses amounts it cannot write", () => {
    expect(() => amountInWords(-1n, "ru")).toThrow(RangeError);
    expect(() => numberInWords(10n ** 12n, "en")).toThrow(RangeError);
  });
});

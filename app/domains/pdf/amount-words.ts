// Amounts in words for letters and agreements, as Kyrgyz, Russian and English
// documents write them: the som in words, the tyiyn in two digits.
// Pure and exact (BigInt); no Intl, whose spelled-out numbers differ by runtime.

export type WordsLocale = "ky" | "ru" | "en";

const MAX = 999_999_999_999n; // below a trillion som, far above any municipal budget

// ───────────── Russian ─────────────

const RU_UNITS_M = ["", "один", "два", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const RU_UNITS_F = ["", "одна", "две", "три", "четыре", "пять", "шесть", "семь", "восемь", "девять"];
const RU_TEENS = [
  "десять",
  "одиннадцать",
  "двенадцать",
  "тринадцать",
  "четырнадцать",
  "пятнадцать",
  "шестнадцать",
  "семнадцать",
  "восемнадцать",
  "девятнадцать",
];
const RU_TENS = ["", "", "двадцать", "тридцать", "сорок", "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"];
const RU_HUNDREDS = ["", "сто", "двести", "триста", "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"];
const RU_SCALES: { forms: [string, string, string]; feminine: boolean }[] = [
  { forms: ["", "", ""], feminine: false },
  { forms: ["тысяча", "тысячи", "тысяч"], feminine: true },
  { forms: ["миллион", "миллиона", "миллионов"], feminine: false },
  { forms: ["миллиард", "миллиарда", "миллиардов"], feminine: false },
];

/** Russian plural form index: 1 → 0 (сом), 2–4 → 1 (сома), otherwise 2 (сомов); 11–14 take the last. */
export function russianPlural(n: bigint): 0 | 1 | 2 {
  const lastTwo = Number(n % 100n);
  const last = lastTwo % 10;
  if (lastTwo >= 11 && lastTwo <= 14) return 2;
  if (last === 1) return 0;
  if (last >= 2 && last <= 4) return 1;
  return 2;
}

function russianTriplet(n: number, feminine: boolean): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) words.push(RU_HUNDREDS[hundreds]!);
  if (rest >= 10 && rest < 20) words.push(RU_TEENS[rest - 10]!);
  else {
    if (rest >= 20) words.push(RU_TENS[Math.floor(rest / 10)]!);
    if (rest % 10) words.push((feminine ? RU_UNITS_F : RU_UNITS_M)[rest % 10]!);
  }
  return words;
}

function russianWords(n: bigint): string {
  if (n === 0n) return "ноль";
  const words: string[] = [];
  triplets(n).forEach(({ value, scale }) => {
    if (value === 0) return;
    const { forms, feminine } = RU_SCALES[scale]!;
    words.push(...russianTriplet(value, feminine));
    if (scale > 0) words.push(forms[russianPlural(BigInt(value))]);
  });
  return words.join(" ");
}

// ───────────── Kyrgyz ─────────────

const KY_UNITS = ["", "бир", "эки", "үч", "төрт", "беш", "алты", "жети", "сегиз", "тогуз"];
const KY_TENS = ["", "он", "жыйырма", "отуз", "кырк", "элүү", "алтымыш", "жетимиш", "сексен", "токсон"];
const KY_SCALES = ["", "миң", "миллион", "миллиард"];

function kyrgyzTriplet(n: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  // "жүз" alone for one hundred, "эки жүз" for two hundred, as written in documents.
  if (hundreds === 1) words.push("жүз");
  else if (hundreds > 1) words.push(KY_UNITS[hundreds]!, "жүз");
  if (rest >= 10) words.push(KY_TENS[Math.floor(rest / 10)]!);
  if (rest % 10) words.push(KY_UNITS[rest % 10]!);
  return words;
}

function kyrgyzWords(n: bigint): string {
  if (n === 0n) return "нөл";
  const words: string[] = [];
  triplets(n).forEach(({ value, scale }) => {
    if (value === 0) return;
    // Thousands and above keep "бир": "бир миң", "бир миллион".
    words.push(...kyrgyzTriplet(value));
    if (scale > 0) words.push(KY_SCALES[scale]!);
  });
  return words.join(" ");
}

// ───────────── English ─────────────

const EN_UNITS = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const EN_TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];
const EN_SCALES = ["", "thousand", "million", "billion"];

function englishTriplet(n: number): string[] {
  const words: string[] = [];
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  if (hundreds) words.push(EN_UNITS[hundreds]!, "hundred");
  if (rest >= 10 && rest < 20) words.push(EN_TEENS[rest - 10]!);
  else if (rest >= 20) words.push(rest % 10 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_UNITS[rest % 10]}` : EN_TENS[Math.floor(rest / 10)]!);
  else if (rest) words.push(EN_UNITS[rest]!);
  return words;
}

function englishWords(n: bigint): string {
  if (n === 0n) return "zero";
  const words: string[] = [];
  triplets(n).forEach(({ value, scale }) => {
    if (value === 0) return;
    words.push(...englishTriplet(value));
    if (scale > 0) words.push(EN_SCALES[scale]!);
  });
  return words.join(" ");
}

// ───────────── shared ─────────────

/** Groups of three digits, most significant first, each with its scale (0 = units, 1 = thousands …). */
function triplets(n: bigint): { value: number; scale: number }[] {
  const groups: { value: number; scale: number }[] = [];
  let rest = n;
  for (let scale = 0; rest > 0n; scale++) {
    groups.unshift({ value: Number(rest % 1000n), scale });
    rest /= 1000n;
  }
  return groups;
}

/** A whole number in words (no currency). */
export function numberInWords(n: bigint, locale: WordsLocale): string {
  if (n < 0n || n > MAX) throw new RangeError(`out of range for words: ${n}`);
  return locale === "ru" ? russianWords(n) : locale === "ky" ? kyrgyzWords(n) : englishWords(n);
}

const capitalize = (text: string) => text.charAt(0).toLocaleUpperCase() + text.slice(1);

/**
 * Tyiyn as written on a letter, e.g. 12 345 000 tyiyn:
 * ky "Жүз жыйырма үч миң төрт жүз элүү сом 00 тыйын",
 * ru "Сто двадцать три тысячи четыреста пятьдесят сомов 00 тыйынов",
 * en "One hundred twenty-three thousand four hundred fifty som 00 tyiyn".
 */
export function amountInWords(tyiyn: bigint, locale: WordsLocale): string {
  if (tyiyn < 0n) throw new RangeError("a negative amount has no words here");
  const som = tyiyn / 100n;
  const cents = tyiyn % 100n;
  const centsText = cents.toString().padStart(2, "0");
  const words = numberInWords(som, locale);
  if (locale === "ru") {
    const somWord = ["сом", "сома", "сомов"][russianPlural(som)];
    const tyiynWord = ["тыйын", "тыйына", "тыйынов"][russianPlural(cents)];
    return capitalize(`${words} ${somWord} ${centsText} ${tyiynWord}`);
  }
  if (locale === "ky") return capitalize(`${words} сом ${centsText} тыйын`);
  return capitalize(`${words} som ${centsText} tyiyn`);
}

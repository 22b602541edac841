import { describe, expect, it } from 'vitest';
import {
  type CodedColumnSchema,
  ConditionError,
  DataSourceError,
  datasetFromRows,
  formatCategory,
  parseCsv,
  readCsv,
  readCsvFile,
  resolveConditions,
  SchemaError,
  writeCsv,
} from '../src/index.js';

function categories(data: ReturnType<typeof readCsv>, name: string) {
  return (data.columnSchema(name) as CodedColumnSchema).categories;
}

describe('readCsv: the leading-space policy (bad-inputs B12)', () => {
  const input =
    'age, sex, native-country\n39, Male, United-States\n50, Female, United-States\n38, Male, Mexico\n';

  it('trims by default: clean headers and levels, and age is an integer', () => {
    const data = readCsv(input);
    expect(data.columnNames).toEqual(['age', 'sex', 'native-country']);
    expect(categories(data, 'sex')).toEqual(['Male', 'Female']);
    expect(categories(data, 'native-country')).toEqual(['United-States', 'Mexico']);
    expect(data.columnSchema('age').kind).toBe('integer');
    expect(Array.from(data.values('age'))).toEqual([39, 50, 38]);
    const groups = resolveConditions(data.schema, 2, { sex: 'Male' });
    expect(groups).toEqual([{ codes: { sex: 0 }, rows: [0, 1] }]);
  });

  it("keeps the spaces under 'keep', and a condition on 'Male' fails naming the near match", () => {
    const data = readCsv(input, { spaces: 'keep' });
    expect(data.columnNames).toEqual(['age', ' sex', ' native-country']);
    expect(categories(data, ' sex')).toEqual([' Male', ' Female']);
    expect(data.columnSchema('age').kind).toBe('integer');
    expect(() => resolveConditions(data.schema, 1, { ' sex': 'Male' })).toThrow(ConditionError);
    expect(() => resolveConditions(data.schema, 1, { ' sex': 'Male' })).toThrow(
      "sample: column ' sex' never took the value 'Male' in training; known values: ' Male', ' Female' " +
        "(did you mean ' Male'?).",
    );
    expect(resolveConditions(data.schema, 1, { ' sex': ' Male' })[0].codes).toEqual({ ' sex': 0 });
  });

  it('trims around quoted cells but never inside the quotes', () => {
    const data = readCsv('a,b\n  " x " , y \n');
    expect(data.row(0)).toEqual({ a: ' x ', b: 'y' });
  });
});

describe('readCsv: missing cells (bad-inputs B01)', () => {
  it('gives an empty cell one missing level, never one level per cell', () => {
    const data = readCsv('color,size\nred,1\n,2\nblue,3\n,1\n,2\nred,3\n');
    const levels = categories(data, 'color');
    expect(levels).toHaveLength(3);
    expect(levels.map(formatCategory)).toEqual(["'red'", '<missing>', "'blue'"]);
    expect(Array.from(data.codes('color'))).toEqual([0, 1, 2, 1, 1, 0]);
    expect(data.toRows().map((r) => r.color)).toEqual(['red', null, 'blue', null, null, 'red']);
  });

  it('treats missingValues as missing, but a quoted "NA" is the text NA', () => {
    const data = readCsv('x,y\n1,NA\nNA,"NA"\n3,b\n', { missingValues: ['', 'NA'] });
    expect(data.columnSchema('x').kind).toBe('integer');
    expect(Array.from(data.values('x'))).toEqual([1, Number.NaN, 3]);
    expect(data.toRows().map((r) => r.y)).toEqual([null, 'NA', 'b']);
  });
});

describe('readCsv: the hard parts of the format', () => {
  it('reads a BOM, CRLF, quoted delimiters and quotes, line breaks in quotes, blank lines and trailing delimiters', () => {
    const text =
      '\ufeffid,name,note,\r\n' +
      '1,"Smith, John","said ""hi""",\r\n' +
      '\r\n' +
      '2,Ann,"two\r\nlines",\r\n' +
      '   \r\n' +
      '3,"",plain,\r\n';
    const data = readCsv(text, { kinds: { id: 'integer' } });
    expect(data.columnNames).toEqual(['id', 'name', 'note']);
    expect(data.toRows()).toEqual([
      { id: 1, name: 'Smith, John', note: 'said "hi"' },
      { id: 2, name: 'Ann', note: 'two\r\nlines' },
      { id: 3, name: null, note: 'plain' },
    ]);
  });

  it('reads a BOM in bytes, LF and lone CR line ends alike', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('a;b\r1;x\n2;y')]);
    const data = readCsv(bytes, { delimiter: ';' });
    expect(data.columnNames).toEqual(['a', 'b']);
    expect(data.toRows()).toEqual([
      { a: 1, b: 'x' },
      { a: 2, b: 'y' },
    ]);
  });

  it('names the line of a row with another cell count, an unclosed quote or text after a quote', () => {
    expect(() => readCsv('a,b,c\n1,2,3\n4,5\n')).toThrow(
      'readCsv: line 3 has 2 cells, expected 3 like the header (a,b,c). Check the delimiter (",") and the quoting on that line.',
    );
    expect(() => readCsv('a,b\n1,"open\n2,3\n')).toThrow(
      'readCsv: the quoted cell that opens on line 2 is never closed; add the closing " (a quote inside a cell is written twice).',
    );
    expect(() => readCsv('a,b\n"x"y,2\n')).toThrow(DataSourceError);
    expect(() => readCsv('a,b\n"x"y,2\n')).toThrow(
      'readCsv: line 2 has text after the closing quote of a cell',
    );
  });

  it('names generated columns without a header, or for an empty header cell, and refuses duplicates', () => {
    expect(readCsv('1,x\n2,y\n', { header: false }).columnNames).toEqual(['column1', 'column2']);
    expect(parseCsv(',a,b\n0,1,2\n').header).toEqual(['column1', 'a', 'b']);
    expect(() => readCsv('a,b,a\n1,2,3\n')).toThrow(
      "readCsv: the header names column 'a' twice (columns 1 and 3); rename one of them.",
    );
  });

  it('reads a header with no rows as an empty table with those columns', () => {
    const data = readCsv('a,b\n', { kinds: { b: 'float' } });
    expect(data.nRows).toBe(0);
    expect(data.columnNames).toEqual(['a', 'b']);
    expect(data.columnSchema('b').kind).toBe('float');
  });
});

describe('readCsv: typing cells', () => {
  it('keeps codes with leading zeros and integers beyond 2^53 as text', () => {
    const data = readCsv('zip,id,n\n01234,10000169349117863715,5\n98765,1000009418151094273,6\n');
    expect(categories(data, 'zip')).toEqual(['01234', '98765']);
    expect(data.row(0).id).toBe('10000169349117863715');
    expect(data.value(1, 'n')).toBe(6);
  });

  it.each([
    ['.5', 0.5],
    ['5.', 5],
    ['-0.25', -0.25],
    ['+7', 7],
    ['1e3', 1000],
    ['2.5E-2', 0.025],
  ])('reads the number literal %s as %d', (text, value) => {
    const data = readCsv(`x\n${text}\n0.5\n`);
    expect(data.value(0, 'x')).toBe(value);
  });

  it.each(['.', '-', 'e5', '1e', '0x10', 'Infinity', 'NaN', '1,5', '00.5'])(
    'keeps %j as text',
    (text) => {
      const data = readCsv(`x\n"${text}"\n0.5\n`);
      expect(data.value(0, 'x')).toBe(text);
    },
  );

  it('reads true/false as booleans and quoted numbers as text when asked', () => {
    const data = readCsv('flag,code\nTRUE,"7"\nfalse,"8"\n', { quotedAsText: true });
    expect(data.columnSchema('flag').kind).toBe('boolean');
    expect(data.toRows()).toEqual([
      { flag: true, code: '7' },
      { flag: false, code: '8' },
    ]);
    expect(readCsv('code\n"7"\n"8"\n').row(0).code).toBe(7);
  });

  it('refuses a cell that does not fit a declared kind, naming column, line and value', () => {
    expect(() => readCsv('a\n1\nx\n', { kinds: { a: 'integer' } })).toThrow(SchemaError);
    expect(() => readCsv('a\n1\nx\n', { kinds: { a: 'integer' } })).toThrow(
      `readCsv: column 'a' is declared integer but line 3 holds "x"; clean the value, add it to missingValues, or declare the column categorical.`,
    );
  });

  it('reads datetimes when declared', () => {
    const data = readCsv('t\n2024-01-02T00:00:00Z\n\n', { kinds: { t: 'datetime' } });
    expect(data.value(0, 't')).toBe(Date.UTC(2024, 0, 2));
  });
});

describe('readCsv: encodings', () => {
  const latin1 = new Uint8Array([0x6e, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]); // "n\ncafé\n" in ISO-8859-1

  it('decodes UTF-8 strictly and says which byte is wrong and what to pass', () => {
    expect(() => readCsv(latin1)).toThrow(
      "readCsv: the input is not valid UTF-8: byte 0xe9 at offset 5 cannot start or continue a character. Pass the file's real encoding, for example { encoding: 'latin1' } for ISO-8859-1.",
    );
  });

  it('reads ISO-8859-1 and UTF-16 (with and without a BOM) when told', () => {
    expect(readCsv(latin1, { encoding: 'latin1' }).row(0)).toEqual({ n: 'café' });
    const utf16 = Buffer.from('\ufeffn\ncafé\n', 'utf16le');
    expect(readCsv(new Uint8Array(utf16)).row(0)).toEqual({ n: 'café' });
    const noBom = Buffer.from('n\ncafé\n', 'utf16le');
    expect(readCsv(new Uint8Array(noBom), { encoding: 'utf-16le' }).row(0)).toEqual({ n: 'café' });
  });

  it('reports a file it cannot read', () => {
    expect(() => readCsvFile('/nonexistent/x.csv')).toThrow(DataSourceError);
    expect(() => readCsvFile('/nonexistent/x.csv')).toThrow(
      "readCsvFile: cannot read '/nonexistent/x.csv'",
    );
  });
});

describe('writeCsv', () => {
  it('writes a known table exactly, quoting only what needs it', () => {
    const data = datasetFromRows(
      [
        { city: 'Paris, FR', note: 'say "hi"', n: 1.5, flag: true, code: '7' },
        { city: ' Rome', note: null, n: null, flag: false, code: 'x' },
      ],
      { kinds: { n: 'float', flag: 'boolean', code: 'categorical' } },
    );
    expect(writeCsv(data)).toBe(
      'city,note,n,flag,code\n"Paris, FR","say ""hi""",1.5,true,"7"\n" Rome",,,false,x\n',
    );
    expect(writeCsv(data, { lineEnding: '\r\n', delimiter: ';', header: false, bom: true })).toBe(
      '\ufeffParis, FR;"say ""hi""";1.5;true;"7"\r\n" Rome";;;false;x\r\n',
    );
  });

  it('round-trips through readCsv: same columns, kinds and rows', () => {
    const rows = [
      {
        id: 1,
        word: 'a,b',
        text: 'line\nbreak',
        score: 0.25,
        zip: '007',
        when: new Date(Date.UTC(2020, 1, 3)),
      },
      { id: 2, word: '"q"', text: '  padded ', score: -3, zip: '12', when: null },
      {
        id: 3,
        word: null,
        text: 'plain',
        score: null,
        zip: '0',
        when: new Date(Date.UTC(2021, 5, 6)),
      },
    ];
    const kinds = { id: 'integer', score: 'float', zip: 'categorical', when: 'datetime' } as const;
    const original = datasetFromRows(rows, { kinds });
    const back = readCsv(writeCsv(original), { kinds, spaces: 'trim', quotedAsText: true });
    expect(back.columnNames).toEqual(original.columnNames);
    expect(back.schema.columns.map((c) => c.kind)).toEqual(
      original.schema.columns.map((c) => c.kind),
    );
    expect(back.toRows()).toEqual(original.toRows());
  });
});

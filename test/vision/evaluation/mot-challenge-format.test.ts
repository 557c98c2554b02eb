import { describe, expect, it } from 'vitest';
import { formatResults, groupByFrame, MotFormatError, parseDetections, parseGroundTruth, parseResults } from '../../../src/evaluation/mot-challenge-format';
import { parseSeqInfo } from '../../../src/evaluation/seqinfo';

describe('MOTChallenge text formats', () => {
  it('reads det.txt rows (out of frame order, CRLF, blank lines)', () => {
    const rows = parseDetections('170,-1,1001.4,18.3,400,1062.7,1\r\n\n1,-1,5,6,7,8,0.25\n');
    expect(rows).toEqual([
      { frame: 170, bbox: { x: 1001.4, y: 18.3, w: 400, h: 1062.7 }, score: 1 },
      { frame: 1, bbox: { x: 5, y: 6, w: 7, h: 8 }, score: 0.25 },
    ]);
  });

  it('reads MOT17 (9 columns) and MOT15 (10 columns) ground truth', () => {
    const [mot17] = parseGroundTruth('1,1,260,450,102,262,1,1,0.8');
    expect(mot17).toEqual({ frame: 1, id: 1, bbox: { x: 260, y: 450, w: 102, h: 262 }, consider: 1, classId: 1, visibility: 0.8 });
    const [mot15] = parseGroundTruth('1,1,88,99,61.08,218.56,1,4.4852,5.5016,0');
    expect(mot15.consider).toBe(1);
    expect(mot15.bbox.h).toBe(218.56);
  });

  it('writes results sorted by frame then id and reads them back', () => {
    const text = formatResults([
      { frame: 2, id: 1, bbox: { x: 1.234, y: 2, w: 3, h: 4 }, score: 0.5 },
      { frame: 1, id: 3, bbox: { x: 1, y: 2, w: 3, h: 4 }, score: 0.9 },
      { frame: 1, id: 2, bbox: { x: 1, y: 2, w: 3, h: 4 }, score: 1 },
    ]);
    expect(text).toBe('1,2,1.00,2.00,3.00,4.00,1.000000,-1,-1,-1\n1,3,1.00,2.00,3.00,4.00,0.900000,-1,-1,-1\n2,1,1.23,2.00,3.00,4.00,0.500000,-1,-1,-1\n');
    expect(parseResults(text).map((r) => [r.frame, r.id, r.bbox.x, r.score])).toEqual([
      [1, 2, 1, 1],
      [1, 3, 1, 0.9],
      [2, 1, 1.23, 0.5],
    ]);
  });

  it('names the file and line of a malformed row', () => {
    expect(() => parseDetections('1,-1,1,2,3,4,0.5\n2,-1,1,2,x,4,0.5\n', 'det.txt')).toThrow(new MotFormatError('det.txt:2: column 5 is not a number: "x"'));
    expect(() => parseDetections('1,-1,1,2\n', 'det.txt')).toThrow(/det.txt:1: expected at least 7/);
    expect(() => parseResults('0,1,1,2,3,4\n', 'r.txt')).toThrow(/r.txt:1: frame must be an integer ≥ 1/);
  });

  it('groups rows by frame, dropping frames past the end', () => {
    const frames = groupByFrame(parseDetections('2,-1,1,1,1,1,1\n1,-1,2,2,2,2,1\n2,-1,3,3,3,3,1\n9,-1,1,1,1,1,1\n'), 3);
    expect(frames.map((f) => f.length)).toEqual([0, 1, 2, 0]);
    expect(frames[2].map((r) => r.bbox.x)).toEqual([1, 3]);
  });
});

describe('seqinfo.ini', () => {
  it('reads the [Sequence] section', () => {
    const info = parseSeqInfo('[Sequence]\nname=TUD-Stadtmitte\nimDir=img1\nframeRate=25\nseqLength=179\nimWidth=640\nimHeight=480\nimExt=.jpg\n');
    expect(info).toEqual({ name: 'TUD-Stadtmitte', frameRate: 25, seqLength: 179, imWidth: 640, imHeight: 480 });
  });

  it('reports missing or invalid fields', () => {
    expect(() => parseSeqInfo('[Sequence]\nseqLength=10\n', 'a.ini')).toThrow('a.ini: missing frameRate in [Sequence]');
    expect(() => parseSeqInfo('[Sequence]\nframeRate=0\nseqLength=10\n', 'a.ini')).toThrow(/frameRate must be > 0/);
    expect(() => parseSeqInfo('[Other]\nframeRate=30\nseqLength=10\n', 'a.ini')).toThrow(/missing frameRate/);
  });
});

import { describe, expect, it } from 'vitest';
import type { FfprobeOutput, FfprobeStream } from '../../src/media/ffprobe-output';
import { MediaError } from '../../src/media/media-error';
import { canSeek, hasKeyframeIndex } from '../../src/media/seek-index';
import { statesDuration, videoInfoFromProbe } from '../../src/media/video-info';

// Shaped like `ffprobe -print_format json -show_format -show_streams` output (numbers as strings).
const video: FfprobeStream = {
  codec_type: 'video',
  codec_name: 'h264',
  width: 1920,
  height: 1080,
  avg_frame_rate: '25/1',
  r_frame_rate: '25/1',
  start_time: '0.000000',
  duration: '10.000000',
  nb_frames: '250',
};
const probe = (streams: FfprobeStream[], format: FfprobeOutput['format'] = {}): FfprobeOutput => ({
  streams,
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10.000000', start_time: '0.000000', bit_rate: '5000000', ...format },
});

function reasonFor(output: FfprobeOutput): string {
  try {
    videoInfoFromProbe(output);
  } catch (error) {
    expect(error).toMatchObject({ code: 'UNSUPPORTED_MEDIA' });
    return (error as MediaError).message;
  }
  throw new Error('accepted');
}

describe('videoInfoFromProbe', () => {
  it('reads the video stream', () => {
    expect(videoInfoFromProbe(probe([video, { codec_type: 'audio', codec_name: 'aac' }]))).toEqual({
      duration_sec: 10,
      fps: 25,
      width: 1920,
      height: 1080,
      codec: 'h264',
      frame_count: 250,
      rotation: 0,
      has_audio: true,
      start_time_sec: 0,
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      bit_rate: 5_000_000,
    });
  });

  it('turns the display matrix (counter-clockwise) and the legacy tag (clockwise) into a clockwise rotation', () => {
    const portraitPhone = { ...video, side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] };
    expect(videoInfoFromProbe(probe([portraitPhone]))).toMatchObject({ rotation: 90, width: 1080, height: 1920 });
    expect(videoInfoFromProbe(probe([{ ...video, tags: { rotate: '270' } }]))).toMatchObject({ rotation: 270, width: 1080, height: 1920 });
    expect(videoInfoFromProbe(probe([{ ...video, side_data_list: [{ rotation: 180 }] }]))).toMatchObject({ rotation: 180, width: 1920 });
  });

  it('falls back to r_frame_rate, the Matroska DURATION tag and the format duration', () => {
    const mkv = { ...video, avg_frame_rate: '0/0', r_frame_rate: '30000/1001', duration: undefined, nb_frames: undefined, tags: { DURATION: '00:00:10.010000000' } };
    expect(videoInfoFromProbe(probe([mkv], { duration: '12.5' }))).toMatchObject({ fps: 30000 / 1001, duration_sec: 10.01, frame_count: 300 });
    const noDuration = { ...video, duration: undefined, nb_frames: undefined };
    expect(videoInfoFromProbe(probe([noDuration], { duration: '4.000000' }))).toMatchObject({ duration_sec: 4, frame_count: 100 });
  });

  it('ignores nb_frames when an edit list hides packets', () => {
    const edited = { ...video, avg_frame_rate: '30000/1001', duration: '21.041000', nb_frames: '772' };
    expect(videoInfoFromProbe(probe([edited])).frame_count).toBe(630);
  });

  it('takes the first timestamp of the video stream', () => {
    expect(videoInfoFromProbe(probe([{ ...video, start_time: '1.466733' }], { start_time: '1.400000' })).start_time_sec).toBe(1.466733);
  });

  it('says why a file is not a video', () => {
    expect(reasonFor(probe([{ ...video, codec_name: 'ansi' }], { format_name: 'tty' }))).toMatch(/text file/);
    expect(reasonFor(probe([{ ...video, codec_name: 'png' }], { format_name: 'png_pipe' }))).toMatch(/still image/);
    expect(reasonFor(probe([{ codec_type: 'audio' }, { ...video, codec_name: 'mjpeg', disposition: { attached_pic: 1 } }]))).toMatch(/audio only/);
    expect(reasonFor(probe([], { duration: '0.000000' }))).toMatch(/no streams/);
    expect(reasonFor(probe([{ ...video, duration: '0.000000', nb_frames: undefined }], { duration: undefined }))).toMatch(/zero duration/);
    expect(reasonFor(probe([{ ...video, duration: '0.040000', nb_frames: '1' }]))).toMatch(/single frame/);
    expect(reasonFor(probe([{ ...video, avg_frame_rate: '0/0', r_frame_rate: '0/0' }]))).toMatch(/no frame rate/);
    expect(reasonFor(probe([video], { format_name: 'hls' }))).toMatch(/playlist/);
  });

  it('takes the duration of a raw stream, which states none, from its counted frames', () => {
    const raw = probe([{ ...video, start_time: undefined, duration: undefined, nb_frames: undefined }], { format_name: 'h264', duration: undefined, start_time: undefined });
    expect(statesDuration(raw)).toBe(false);
    expect(statesDuration(probe([video]))).toBe(true);
    expect(videoInfoFromProbe(raw, 125)).toMatchObject({ duration_sec: 5, frame_count: 125, start_time_sec: 0, container: 'h264' });
    expect(reasonFor(raw)).toMatch(/zero duration/);
  });
});

describe('seeking by container', () => {
  it('knows raw streams cannot be seeked in, and which containers index their keyframes', () => {
    expect(['h264', 'hevc', 'mpegvideo'].map(canSeek)).toEqual([false, false, false]);
    expect(['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'mpegts'].map(canSeek)).toEqual([true, true, true]);
    expect(['mov,mp4,m4a,3gp,3g2,mj2', 'matroska,webm', 'mpegts', 'h264'].map(hasKeyframeIndex)).toEqual([true, true, false, false]);
  });
});

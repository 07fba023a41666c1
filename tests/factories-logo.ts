import { deflateSync } from "node:zlib";

// Images for the municipality logo's tests: real PNGs built here, and a small
// JPEG (64 x 32, drawn by Chromium's canvas encoder).

export const SAMPLE_JPEG = Buffer.from(
  "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAA0JCgsKCA0LCgsODg0PEyAVExISEyccHhcgLikxMC4pLSwzOko+MzZGNywtQFdBRkxOUlNSMj5aYVpQYEpRUk//2wBDAQ4ODhMREyYVFSZPNS01T09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT09PT0//wAARCAAgAEADASIAAhEBAxEB/8QAGAABAQEBAQAAAAAAAAAAAAAAAAYFBwH/xAAjEAEAAgIBAwUBAQAAAAAAAAABAAIDBAYREjETIVKBoUJB/8QAFwEBAQEBAAAAAAAAAAAAAAAAAAUCA//EAB0RAAEEAwEBAAAAAAAAAAAAAAMAAQIEBRIxEyH/2gAMAwEAAhEDEQA/AJsGyAKvsBN3T4vt58ZfYyV1x8VTut9k94jqVzb2TPcEwVO0fk+H8ZZTGSyRAk8hdbrrlUpxJHeajNzi+3go318ldgPNQ7bfRMJGqiInsjOoSN5dqVw72PPQAz1e4PkeX9IxuSIYnkXr8dLdOI47wWDERLqmpERCLe4jt0w7+TBdD16nb1/2x4P1llOXi1RFE9xJvafKdrBiKbGKufp/S9tvuQsljSGJ6i+u/WVKpbiOOk1ZSN5bt0zb+PBRH0Kpbp8nyfhG5ynaz4mmvirg6/0Pdb6mCrZVVX3VjG40gSepfjtxkuW4kjpBIiJdU1IiIRf/2Q==",
  "base64",
);

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG of one colour with transparency (RGBA); `imageData` replaces its compressed pixels (to break it). */
export function samplePng(width = 48, height = 24, imageData?: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => [0x0b, 0x53, 0x94, 0xff]).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", imageData ?? deflateSync(pixels)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

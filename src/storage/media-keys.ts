/** The storage keys of a job's files, in one place. */
export const mediaKeys = {
  job: (jobId: string) => `jobs/${jobId}`,
  source: (jobId: string, extension: string) => `jobs/${jobId}/source${extension}`,
  previews: (jobId: string) => `jobs/${jobId}/previews`,
  preview: (jobId: string, frameKey: string) => `jobs/${jobId}/previews/${frameKey}.jpg`,
  results: (jobId: string) => `jobs/${jobId}/results`,
  result: (jobId: string, name: string) => `jobs/${jobId}/results/${name}`,
  uploads: () => 'uploads',
};

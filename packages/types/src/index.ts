// Public surface of @devrev-kit/types: filled in as the package is built.
export {};

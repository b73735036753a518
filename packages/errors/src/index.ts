// Public surface of @devrev-kit/errors: filled in as the package is built.
export {};
